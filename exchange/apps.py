from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("12345热线工单交换")

    def ready(self):
        # A case that came from 12345 and is closed or refused sends its outcome back.
        from cases.signals import case_closed

        from .services import outcome_push_queue

        case_closed.connect(outcome_push_queue, dispatch_uid="exchange.outcome_push_queue")
