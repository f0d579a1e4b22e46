from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WecomConfig(AppConfig):
    """粤政易 (WeChat Work, 企业微信): the client of its API and a local stand-in for it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "wecom"
    verbose_name = _("粤政易")

    def ready(self):
        from . import checks  # noqa: F401 - registers the configuration check
