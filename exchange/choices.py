from django.db import models
from django.utils.translation import gettext_lazy as _


class PushStatus(models.TextChoices):
    """Where a case's outcome stands on its way back to the hotline's system."""

    PENDING = "pending", _("待回传")
    SENDING = "sending", _("回传中")
    SENT = "sent", _("已回传")
    FAILED = "failed", _("回传失败")
    # The worker died inside the call: whether it arrived is unknown (staff check and resend).
    CHECKING = "checking", _("待核实")
