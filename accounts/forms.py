from django import forms
from django.conf import settings
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import IdentityLink, RoleChangeRequest, User
from .otp import clean_token
from .services import change_request_check


class OTPTokenForm(forms.Form):
    """The six-digit code of an authenticator app (the second factor)."""

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


class OwnPasswordChangeForm(PasswordChangeForm):
    """A user's own change. The new password must differ from the present one: a password
    someone else set is replaced, not confirmed, so that they no longer know it."""

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        if new and not self.has_error("old_password") and self.user.check_password(new):
            self.add_error("new_password1", ValidationError(
                _("新密码不能与原密码相同。"), code="password_unchanged"))
        return cleaned


class ChangeRequestForm(forms.ModelForm):
    """The user administrator's request for what takes a second person's approval."""

    requester = None  # the admin sets the signed-in user (RoleChangeRequestAdmin.get_form)

    class Meta:
        model = RoleChangeRequest
        fields = ("user", "kind", "role", "district", "town", "committee", "reason")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        change = RoleChangeRequest(requested_by=self.requester, **cleaned)
        change_request_check(change)  # a ValidationError is shown on the form
        return cleaned


class DecisionActionForm(ActionForm):
    """The action bar of the requests' list, with the approver's note."""

    note = forms.CharField(label=_("审批意见"), required=False, max_length=200)


class ConsoleGrantForm(forms.ModelForm):
    """`manage.py grant_role`'s role and places, each place given by its name (越秀区,
    北京街道, a committee's name); a town is looked for in the district given with it. The
    form checks what the role needs (a district for district staff …) as the admin does."""

    class Meta:
        model = User
        fields = ("role", "district", "town", "committee")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("district", "town", "committee"):
            self.fields[name].to_field_name = "name"
            self.fields[name].error_messages["invalid_choice"] = _("找不到：%(value)s")
        if self.data.get("district"):
            towns = self.fields["town"]
            towns.queryset = towns.queryset.filter(district__name=self.data["district"])


class SecondFactorForm(forms.ModelForm):
    """A device as the user administrator reads it (accounts.admin.SecondFactorAdmin), with
    Chinese help in place of django-otp's English."""

    class Meta:
        model = TOTPDevice
        fields = ()
        help_texts = {
            "user": _("设备所属的账号。"), "name": _("便于识别的设备名称。"),
            "confirmed": _("已完成绑定、可以用来登录。"), "created_at": _("首次绑定的时间。"),
            "last_used_at": _("最近一次用它登录的时间。"),
            "throttling_failure_timestamp": _("最近一次验证失败的时间；上次验证成功则为空。"),
            "throttling_failure_count": _("连续验证失败的次数，失败越多须等待越久。"),
            "step": _("每个口令有效的秒数。"), "t0": _("开始计算时间步的时刻。"),
            "digits": _("口令的位数。"), "tolerance": _("口令可与服务器时钟相差的时间步数。"),
            "drift": _("已知的手机时钟偏差（时间步数）。"), "key": "", "last_t": "",
        }


class IdentityLinkForm(forms.ModelForm):
    """The admin's link of a subject of the configured provider: refused, in Chinese, when the
    subject is linked already (the database's unique constraint stands behind it)."""

    class Meta:
        model = IdentityLink
        fields = ("user", "subject")

    def clean_subject(self):
        subject = self.cleaned_data["subject"].strip()
        if not subject:
            raise ValidationError(_("请填写统一身份标识。"))
        if IdentityLink.objects.filter(issuer=settings.OIDC_ISSUER, subject=subject).exists():
            raise ValidationError(_("该统一身份已绑定其他账号。"))
        return subject
