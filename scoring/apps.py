from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("履职与积分")

    def ready(self):
        from core.media import upload_register
        from members.signals import terms_changed

        from . import tallies  # connects the signals that keep tallies equal
        from .models import DutyRecord

        upload_register("duty/evidence/", DutyRecord, "attachment")
        terms_changed.connect(tallies.tallies_refresh_members,
                              dispatch_uid="scoring.tallies_refresh_members")
