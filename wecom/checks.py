from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def wecom_is_configured_when_used(app_configs, **kwargs):
    """Sign-in or messages through 粤政易 switched on without its corporation, app, secret or
    addresses is found by `manage.py check`, not by the first person who tries."""
    used = [name for name in ("WECOM_SIGN_IN", "WECOM_MESSAGES") if getattr(settings, name)]
    if not used:
        return []
    from .client import WeComClient, setting_url

    try:
        WeComClient()
        setting_url("WECOM_AUTHORIZE_URL")
        setting_url("WECOM_WEB_LOGIN_URL")
    except ImproperlyConfigured as exc:
        return [Error(f"{'、'.join(used)} 已开启：{exc}", hint="见 .env.example 的粤政易设置。",
                      id="wecom.E001")]
    return []
