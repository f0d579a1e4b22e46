"""Django's admin on the product's own site class (accounts.sites), and two packages' apps
under Chinese names (Django's way of renaming an app one does not own:
a subclass of its AppConfig in INSTALLED_APPS). django-axes declares no name at all, and
django-otp names its model and fields in plain English strings that no translation
catalogue reaches (locale/ translates the rest)."""

from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class LoginLocksConfig(AxesConfig):
    verbose_name = _("登录锁定")


class SecondFactorConfig(TOTPConfig):
    verbose_name = _("动态口令")

    # Labels only: a field's verbose_name is not part of its migration state (the model's
    # Meta.verbose_name neither, migrations read Meta as declared), so nothing changes
    # in the package's migrations.
    FIELD_NAMES = {
        "user": _("用户"), "name": _("设备名称"), "confirmed": _("已启用"),
        "created_at": _("绑定时间"), "last_used_at": _("最近使用时间"),
        "throttling_failure_timestamp": _("最近一次验证失败时间"),
        "throttling_failure_count": _("连续验证失败次数"), "key": _("密钥"),
        "step": _("时间步长（秒）"), "t0": _("起始时间"), "digits": _("口令位数"),
        "tolerance": _("允许误差（步）"), "drift": _("时钟偏差（步）"),
        "last_t": _("最近一次验证的时间步"),
    }

    def ready(self):
        super().ready()
        model = self.get_model("TOTPDevice")
        model._meta.verbose_name = model._meta.verbose_name_plural = _("动态口令设备")
        for name, label in self.FIELD_NAMES.items():
            model._meta.get_field(name).verbose_name = label


class StaffAdminConfig(AdminConfig):
    default_site = "accounts.sites.StaffAdminSite"
