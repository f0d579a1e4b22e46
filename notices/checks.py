from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def sms_backend_is_configured(app_configs, **kwargs):
    """A gateway missing its address or keys is found by `manage.py check`, not by the first
    message that fails."""
    from .sms import get_backend

    try:
        get_backend()
    except (ImportError, ImproperlyConfigured) as exc:
        return [Error(f"SMS_BACKEND={settings.SMS_BACKEND!r}：{exc}",
                      hint="见 .env.example 的短信设置。", id="notices.E001")]
    return []
