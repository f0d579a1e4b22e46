from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Who a login is. Each role sees one scope (see `accounts.scoping`)."""

    CITY = "city", _("市政协办公厅")
    DISTRICT = "district", _("区政协工作人员")
    TOWN = "town", _("镇（街）负责人")
    CLERK = "clerk", _("工作室工作人员")
    COMMITTEE = "committee", _("专门委员会工作人员")
    MEMBER = "member", _("政协委员")
    # 三员分立 (GB/T 22239 level 3): user administration and audit are separate duties.
    USER_ADMIN = "useradmin", _("系统管理员")
    AUDITOR = "auditor", _("安全审计员")


class RequestKind(models.TextChoices):
    """What a request for a second person's approval asks (三员分立)."""

    ROLE = "role", _("变更角色与范围")
    REMOVE_OTP = "remove_otp", _("删除动态口令设备")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("已拒绝")
