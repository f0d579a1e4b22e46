from django import forms
from django.utils.translation import gettext_lazy as _

from .otp import clean_token


class OTPTokenForm(forms.Form):
    """The six-digit code of an authenticator app (second factor, issue 7 item 1)."""

    token = forms.CharField(
        label=_("动态口令"), max_length=20,
        widget=forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True,
        }),
    )

    def clean_token(self):
        token = clean_token(self.cleaned_data["token"])
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("请输入手机验证器显示的6位数字动态口令。"))
        return token


class VoidForm(forms.Form):
    """Why records are voided (VoidAdmin): kept with each record and in the audit trail."""

    reason = forms.CharField(
        label=_("作废原因"), max_length=200,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("请填写作废原因。")},
    )
