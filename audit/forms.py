from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import EventKind
from .services import tracked_models


class EventSearchForm(forms.Form):
    """The auditor's search over the trail: who, what kind, when, which object."""

    username = forms.CharField(label=_("用户名"), required=False, max_length=150)
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部"))] + EventKind.choices,
    )
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
    )
    object_text = forms.CharField(label=_("对象"), required=False, max_length=100)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        return data


class ChangeSearchForm(forms.Form):
    """Search over every record change kept by simple-history."""

    username = forms.CharField(label=_("操作人"), required=False, max_length=150)
    model = forms.ChoiceField(label=_("记录类型"), required=False)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("全部"))] + [
            (m._meta.label_lower, m._meta.verbose_name) for m in tracked_models()
        ]
