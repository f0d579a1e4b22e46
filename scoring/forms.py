from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.once import OnceForm

from .choices import DutyKind

IMPORT_KINDS = [
    (DutyKind.PROPOSAL, _("提案（提案委表格）")),
    (DutyKind.SOCIAL_REPORT, _("社情民意信息（社情民意信息处表格）")),
]


class DutyRecordForm(OnceForm, forms.ModelForm):
    """The admin's duty record form: its add form submits once (accounts.once)."""


class DutyImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("履职类别"), choices=IMPORT_KINDS)
    file = forms.FileField(
        label=_("Excel 表格（.xlsx）"),
        help_text=_(
            "列：标题（或案由）、日期、第一提案人（或反映人）、联名委员（以逗号或顿号分隔，"
            "重名者写成“姓名（界别）”）、界别或手机号码（核对第一提案人身份）、编号（可选）。"
            "任一行有错则整表不导入。"
        ),
    )


class ConstituentContactForm(OnceForm):
    """举措 三（三）: a member notes a talk with one of their paired constituents."""

    constituent = forms.TypedChoiceField(label=_("界别群众"), coerce=int)
    date = forms.DateField(
        label=_("联系日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    note = forms.CharField(
        label=_("听取的意见建议"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, constituents, **kwargs):
        """`constituents`: the member's own, already fetched (the page lists them too)."""
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in constituents}
        self.fields["constituent"].choices = [(pk, p.name) for pk, p in self.people.items()]

    def clean_constituent(self):
        return self.people[self.cleaned_data["constituent"]]
