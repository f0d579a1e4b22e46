from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionsConfig(AppConfig):
    name = "receptions"
    verbose_name = _("接待安排")

    def ready(self):
        from core.media import upload_register
        from scoring.pages import MEMBER_PAGE_PARTS

        from .member_page import calendar_url, upcoming_receptions
        from .models import Notice

        upload_register("notices/", Notice, "pdf")

        MEMBER_PAGE_PARTS["receptions"] = upcoming_receptions
        MEMBER_PAGE_PARTS["ics_url"] = calendar_url
