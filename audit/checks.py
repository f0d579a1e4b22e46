from django.conf import settings
from django.core.checks import Error, register

from .triggers import MIN_RETENTION_DAYS


@register()
def retention_is_long_enough(app_configs, **kwargs):
    """The audit trail is kept at least 180 days; a shorter setting is refused."""
    days = getattr(settings, "AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)
    if isinstance(days, int) and days >= MIN_RETENTION_DAYS:
        return []
    return [Error(
        f"AUDIT_RETENTION_DAYS={days!r} 少于 {MIN_RETENTION_DAYS} 天。",
        hint="审计记录至少保存180天（等级保护三级）。", id="audit.E001",
    )]
