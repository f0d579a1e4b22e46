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


class NoticeKind(models.TextChoices):
    # 规范 第九条: the notice before a reception; a change after it gets a corrected one.
    NOTICE = "notice", _("公告")
    CORRECTION = "correction", _("更正公告")


class Ordinal(models.IntegerChoices):
    FIRST = 1, _("第一个")
    SECOND = 2, _("第二个")
    THIRD = 3, _("第三个")
    FOURTH = 4, _("第四个")
    LAST = -1, _("最后一个")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("周一")
    TUESDAY = 1, _("周二")
    WEDNESDAY = 2, _("周三")
    THURSDAY = 3, _("周四")
    FRIDAY = 4, _("周五")
    SATURDAY = 5, _("周六")
    SUNDAY = 6, _("周日")


class PlanAction(models.TextChoices):
    """What refreshing the yearly plan did with one reception."""

    CREATED = "created", _("新建")
    MOVED = "moved", _("已按新计划调整日期")
    UNCHANGED = "unchanged", _("无变化")
    KEPT_NOTICE = "kept_notice", _("公告已发布，未自动调整")
    KEPT_MANUAL = "kept_manual", _("日期已人工调整，未自动调整")
    PAST = "past", _("日期已过，未生成或未调整")
    REMOVED = "removed", _("不再适用，已删除")
    KEPT_OBSOLETE = "kept_obsolete", _("不再适用，但已发布公告或已安排，未删除")
