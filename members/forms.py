import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.once import OnceForm

from .choices import GuidanceKind


class GuidanceRequestForm(OnceForm):
    """规范 第十二条: a member asks their district CPPCC for guidance or for people."""

    kind = forms.ChoiceField(label=_("请求类型"), choices=GuidanceKind.choices)
    subject = forms.CharField(label=_("事项"), max_length=100)
    details = forms.CharField(
        label=_("具体需求"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如：拟开展的活动、时间地点、需要哪方面的指导或需要哪些人员参与。"),
    )
    wanted_by = forms.DateField(
        label=_("希望答复或安排的日期"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_wanted_by(self):
        """A date still ahead, within a year: the district answers or arranges by then."""
        wanted_by = self.cleaned_data.get("wanted_by")
        today = timezone.localdate()
        if wanted_by and not today <= wanted_by <= today + dt.timedelta(days=366):
            raise forms.ValidationError(_("希望的日期应在今天到一年之内。"))
        return wanted_by
