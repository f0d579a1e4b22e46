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


@register()
def sends_end_before_their_time_limit(app_configs, **kwargs):
    """A gateway or mail server allowed to take longer than the send task's time limit would
    have every slow send killed and left 待核实 (notices.services.SEND_TIME_LIMIT)."""
    from .services import SEND_TIME_LIMIT

    errors = []
    for name in ("SMS_GATEWAY_TIMEOUT", "EMAIL_TIMEOUT", "WECOM_TIMEOUT"):
        value = getattr(settings, name, None)
        if value is None or not 0 < float(value) <= SEND_TIME_LIMIT / 2:
            errors.append(Error(
                f"{name}={value!r}：须为不超过 {SEND_TIME_LIMIT // 2} 秒的正数。",
                hint="发送任务运行超过 notices.services.SEND_TIME_LIMIT 秒即被终止，"
                     "消息将转为“待核实”。", id="notices.E002",
            ))
    return errors
