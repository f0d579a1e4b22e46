from django import forms
from django.utils.translation import gettext_lazy as _

TEXT = {"rows": 6}


class NarrativeForm(forms.Form):
    """The parts of the yearly report the district writes (规范 第十四条: 进行总结)."""

    achievements = forms.CharField(label=_("主要成效"), required=False, max_length=8000,
                                   widget=forms.Textarea(attrs=TEXT))
    problems = forms.CharField(label=_("存在问题"), required=False, max_length=8000,
                               widget=forms.Textarea(attrs=TEXT))
    plans = forms.CharField(label=_("下一步打算"), required=False, max_length=8000,
                            widget=forms.Textarea(attrs=TEXT))
    # The report's version the page was shown with (core/versions.py).
    version = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写退回原因。")},
    )
