from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    WORKDAY = "workday", _("调休上班日")


class DaySource(models.TextChoices):
    NOTICE = "notice", _("国务院办公厅通知")
    STAFF = "staff", _("工作人员录入")


class ReceptionStatus(models.TextChoices):
    PLANNED = "planned", _("已排期")
    PUBLISHED = "published", _("已公告")
    HELD = "held", _("已举行")
    CANCELLED = "cancelled", _("已取消")
