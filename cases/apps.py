from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("台账与诉求")

    def ready(self):
        from core.media import upload_register
        from scoring.pages import MEMBER_PAGE_PARTS

        from .callbacks import callback_ask
        from .member_page import member_cases, member_rates
        from .models import ActivityPhoto
        from .signals import case_closed

        upload_register("cases/photos/", ActivityPhoto, "image")
        case_closed.connect(callback_ask, dispatch_uid="cases.callback_ask")

        MEMBER_PAGE_PARTS["cases"] = member_cases
        MEMBER_PAGE_PARTS["case_rates"] = member_rates
