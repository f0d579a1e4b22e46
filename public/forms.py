"""The public status page's forms: what a resident types, bounded and checked in Chinese."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.receipt import receipt_normalize

NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}


class ReceiptField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("回执编号"), max_length=30, help_text=_("12位数字，见登记回执或短信"),
            widget=forms.TextInput(attrs={**NUMERIC, "placeholder": "0000 0000 0000"}),
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        if not receipt_normalize(value):
            raise forms.ValidationError(_("回执编号为12位数字，请核对后重新输入。"))
        return value


class StatusLookupForm(forms.Form):
    receipt = ReceiptField()
    last4 = forms.CharField(
        label=_("登记时所留手机号码的后四位"), min_length=4, max_length=4,
        widget=forms.TextInput(attrs={**NUMERIC, "placeholder": "0000"}),
        error_messages={"min_length": _("请输入手机号码的后四位数字。"),
                        "max_length": _("请输入手机号码的后四位数字。")},
    )

    def clean_last4(self):
        value = self.cleaned_data["last4"]
        if not (value.isdigit() and value.isascii()):
            raise forms.ValidationError(_("请输入手机号码的后四位数字。"))
        return value


class StatusCodeForm(forms.Form):
    """Without a code: send one. With one: check it."""

    receipt = ReceiptField()
    code = forms.CharField(
        label=_("短信验证码"), required=False, max_length=6,
        widget=forms.TextInput(attrs={**NUMERIC, "placeholder": "000000"}),
    )
