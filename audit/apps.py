from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("安全审计")

    def ready(self):
        # Django's own login/logout hooks and axes' lockout: the only way to see them.
        from . import checks, receivers  # noqa: F401
