from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("12345热线工单交换")

    def ready(self):
        # A case that came from 12345 and is closed or refused sends its outcome back: cases
        # calls the hooks registered here (cases.services.CASE_CLOSED_HOOKS), exchange sits
        # above cases and cases never imports it.
        from cases.services import CASE_CLOSED_HOOKS

        from .services import outcome_push_queue

        if outcome_push_queue not in CASE_CLOSED_HOOKS:
            CASE_CLOSED_HOOKS.append(outcome_push_queue)
