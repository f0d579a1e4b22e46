from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """规范 第五条: national and provincial members living in Guangzhou, city and district
    members."""

    NATIONAL = "national", _("全国政协委员")
    PROVINCIAL = "provincial", _("省政协委员")
    CITY = "city", _("市政协委员")
    DISTRICT = "district", _("区政协委员")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("在任")
    LEFT = "left", _("已离任")


class Roster(models.TextChoices):
    """The rosters staff import and export."""

    MEMBERS = "members", _("委员名册")
    WORKROOMS = "workrooms", _("工作室名册")


class GuidanceKind(models.TextChoices):
    """规范 第十二条: the district CPPCC gives guidance and advice, or sends people along."""

    GUIDANCE = "guidance", _("提供指导和咨询")
    STAFF = "staff", _("安排相关人员参与")


class GuidanceState(models.TextChoices):
    ASKED = "asked", _("待答复")
    ANSWERED = "answered", _("已答复")
