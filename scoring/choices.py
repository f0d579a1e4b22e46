from django.db import models
from django.utils.translation import gettext_lazy as _


class DutyKind(models.TextChoices):
    """Kinds of duty record (履职记录) the two documents name."""

    PROPOSAL = "proposal", _("提案")  # 举措 三（一）
    SOCIAL_REPORT = "social_report", _("社情民意信息")  # 举措 三（一）
    COMMITTEE_RESEARCH = "committee_research", _("专委会调研、视察、考察")  # 举措 三（一）
    STANDING_DELIBERATION = "standing_deliberation", _("常委专题议政")  # 举措 三（一）
    COMMUNITY_ACTIVITY = "community_activity", _("进社区（工作室）活动")  # 规范 第五条, 规范 第十条
    CONSULTATION = "consultation", _("协商平台履职")  # 举措 三（四）
    ONLINE = "online", _("网络议政")  # 举措 三（五）
    GRASSROOTS = "grassroots", _("下基层服务群众")  # 举措 三（六）
    CONSTITUENT_CONTACT = "constituent_contact", _("联系界别群众")  # 举措 三（三）
    MEMBER_WORKROOM = "member_workroom", _("委员工作室活动")  # 举措 三（七）
    SPEECH = "speech", _("大会发言")  # 举措 三（一）: 大会发言、常委会协商等渠道


class ActivityFormCode(models.TextChoices):
    """The stable codes of the activity forms the documents name (规范 第十条, 举措 三（二）),
    seeded as rows of `scoring.models.ActivityForm`. The forms themselves are that table,
    which staff edit and districts extend; code that means one form names it by its code."""

    RECEPTION_DAY = "reception_day", _("委员接待日")
    RESEARCH = "research", _("基层调研")
    RESIDENTS_CONSULTATION = "residents_consultation", _("居民协商会")
    PUBLIC_APPRAISAL = "public_appraisal", _("群众评议")  # 举措 三（二）
    POLICY_BRIEFING = "policy_briefing", _("政策宣讲")
    LEGAL_ADVICE = "legal_advice", _("法律和信息咨询")
    SECTOR_ACTIVITY = "sector_activity", _("界别活动")


class RecordSource(models.TextChoices):
    LEDGER = "ledger", _("工作室台账")
    CASE = "case", _("群众诉求办理")
    IMPORT = "import", _("表格导入")
    MANUAL = "manual", _("手工录入")


class QuotaMeasure(models.TextChoices):
    """What a yearly quota counts."""

    RECORDS = "records", _("履职记录（次/件）")
    CONSTITUENTS = "constituents", _("结对界别群众（名）")  # 举措 三（三）


class AppliesTo(models.TextChoices):
    """Whom a quota binds."""

    ALL = "all", _("全部委员")
    STANDING = "standing", _("仅常委")  # 举措 三（一）
    NON_EXEMPT = "non_exempt", _("不含免除进社区的委员")  # 规范 第五条


class EvaluationCategory(models.TextChoices):
    """Categories of 《政协广州市委员会委员履职量化综合评价办法》 as far as the seeds name them."""

    TOPIC_CONSULTATION = "topic_consultation", _("专题协商")  # 规范 第十四条
    PROPOSAL = "proposal", _("提案")
    SOCIAL_REPORT = "social_report", _("社情民意")
    RESEARCH = "research", _("调研视察")
    SPEECH = "speech", _("会议发言")
    LIAISON = "liaison", _("联系群众")
    OTHER = "other", _("其他")


class SectorActivityKind(models.TextChoices):
    """举措 三（三）: what each sector does at least once a year."""

    STUDY = "study", _("集中学习")
    RESEARCH = "research", _("专题调研或视察")
    PROPOSAL = "proposal", _("集体提案")
    SOCIAL_REPORT = "social_report", _("社情民意信息")


class MonthCounting(models.TextChoices):
    """How the months a member served in a year are counted (a local setting: the documents
    say only that the duty is yearly, 规范 第五条)."""

    WHOLE = "whole", _("只计完整在任的月份")
    MID_MONTH = "mid_month", _("当月15日在任即计一个月")
    ANY_DAY = "any_day", _("当月在任任何一天即计一个月")
    NONE = "none", _("不折算：当年在任过即按全年要求")


class Rounding(models.TextChoices):
    UP = "up", _("向上取整")
    HALF_UP = "half_up", _("四舍五入")
    DOWN = "down", _("向下取整")
