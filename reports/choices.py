from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionRating(models.TextChoices):
    """规范 第十五条: the yearly check of a workroom ends in a rating (本地设置: the scale)."""

    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class InspectingBody(models.TextChoices):
    """规范 第十五条: 市、区政协工作部门 inspect."""

    CITY = "city", _("市政协")
    DISTRICT = "district", _("区政协")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    REOPENED = "reopened", _("已退回修改")


class DisplayStatus(models.TextChoices):
    """What the municipal office sees for a district's report (规范 第十四条)."""

    NOT_STARTED = "not_started", _("未开始")
    DRAFT = "draft", _("草稿")
    REOPENED = "reopened", _("已退回修改")
    ON_TIME = "on_time", _("按时报送")
    LATE = "late", _("逾期报送")
    OVERDUE = "overdue", _("逾期未报送")


class ScheduleKind(models.TextChoices):
    DRAFT = "draft", _("生成草稿")
    REMINDER = "reminder", _("提醒报送")
    DEADLINE = "deadline", _("报送截止")


class DocumentKind(models.TextChoices):
    DISTRICT = "district", _("区年度报告")
    CITY = "city", _("全市汇总")
    COMMITTEE = "committee", _("专门委员会年度汇总")


class FileFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel")


class FileStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
