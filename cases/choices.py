from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    HELD = "held", _("已举行")


class DepartmentKind(models.TextChoices):
    """Where 规范 第十三条 sends a matter."""

    TOWN_OFFICE = "town_office", _("镇（街）职能科室")  # 规范 第十三条（二）
    DISTRICT_DEPARTMENT = "district_department", _("区职能部门")  # 规范 第十三条（二）
    PETITION_OFFICE = "petition_office", _("信访部门")  # 规范 第十三条（三）


class Route(models.TextChoices):
    """规范 第十三条（一）–（四）, and 规范 第十一条 for matters not taken on."""

    ON_THE_SPOT = "on_the_spot", _("（一）当场答复")
    TOWN = "town", _("（二）镇（街）或区职能部门办理")
    PETITION = "petition", _("（三）转信访部门")
    MEMBER = "member", _("（四）委员调研后提交提案或社情民意")
    REFUSED = "refused", _("不予受理（第十一条）")


class CaseState(models.TextChoices):
    REGISTERED = "registered", _("已登记，待分办")
    AWAITING_INSTRUCTION = "awaiting_instruction", _("待镇（街）主要负责人批示")
    WITH_TOWN_OFFICE = "with_town_office", _("镇（街）职能科室办理中")
    WITH_DISTRICT_DEPARTMENT = "with_district_department", _("区职能部门办理中")
    WITH_PETITION_OFFICE = "with_petition_office", _("信访部门办理中")
    AWAITING_FEEDBACK = "awaiting_feedback", _("待向委员反馈")
    MEMBER_RESEARCHING = "member_researching", _("委员调研中")
    CLOSED = "closed", _("已办结")
    REFUSED = "refused", _("不予受理（已告知途径）")
    # A duplicate merged into a master case: the master's handling and outcome are its own.
    MERGED = "merged", _("已并入相同诉求合并办理")


class Action(models.TextChoices):
    """Every move a case can make; `cases.services.TRANSITIONS` says from which state."""

    REGISTER = "register", _("登记")
    ANSWER = "answer", _("当场答复并办结")
    SUBMIT_TO_LEADER = "submit_to_leader", _("报镇（街）主要负责人批示")
    INSTRUCT = "instruct", _("负责人批示，交镇（街）科室办理")
    PASS_TO_DISTRICT = "pass_to_district", _("超出镇（街）职责，转区职能部门")
    REPLY = "reply", _("登记部门答复并办结")
    TO_PETITION = "to_petition", _("交信访部门办理")
    PETITION_OUTCOME = "petition_outcome", _("登记信访办理结果")
    FEEDBACK = "feedback", _("已向委员反馈，办结")
    TO_MEMBER = "to_member", _("由委员调研")
    FILE = "file", _("委员已提交提案或社情民意，办结")
    REFUSE = "refuse", _("不予受理，告知依法定途径反映")
    REOPEN = "reopen", _("重办")
    MERGE = "merge", _("并入相同诉求")
    UNMERGE = "unmerge", _("撤销合并")


class RefusalProcedure(models.TextChoices):
    """规范 第十一条: matters for these procedures are not taken on."""

    LITIGATION = "litigation", _("诉讼")
    RECONSIDERATION = "reconsideration", _("行政复议")
    ARBITRATION = "arbitration", _("仲裁")
    OTHER = "other", _("其他法定程序")


class FiledKind(models.TextChoices):
    """规范 第十三条（四）: what a member files after investigating."""

    PROPOSAL = "proposal", _("提案")
    SOCIAL_REPORT = "social_report", _("社情民意信息")


class SettingKey(models.TextChoices):
    """Routing and retention settings staff edit (`RoutingSetting` rows)."""

    DUE_REGISTERED = "due_registered", _("登记后分办时限（工作日）")
    DUE_AWAITING_INSTRUCTION = "due_awaiting_instruction", _("负责人批示时限（工作日）")
    DUE_WITH_TOWN_OFFICE = "due_with_town_office", _("镇（街）科室办理时限（工作日）")
    DUE_WITH_DISTRICT_DEPARTMENT = (
        "due_with_district_department", _("区职能部门办理时限（工作日）")
    )
    DUE_WITH_PETITION_OFFICE = "due_with_petition_office", _("信访部门办理时限（工作日）")
    DUE_AWAITING_FEEDBACK = "due_awaiting_feedback", _("向委员反馈时限（工作日）")
    DUE_MEMBER_RESEARCHING = "due_member_researching", _("委员调研并提交时限（工作日）")
    CLUSTER_THRESHOLD_TOWN = "cluster_threshold_town", _("集中反映：同一镇（街）同类诉求件数")
    CLUSTER_THRESHOLD_DISTRICT = (
        "cluster_threshold_district", _("集中反映：同一区同类诉求件数")
    )
    CLUSTER_WINDOW_DAYS = "cluster_window_days", _("集中反映：统计时段（自然日）")
    # 个人信息保护法 第十九条: kept no longer than the work needs (cases.retention).
    VISITOR_RETENTION_MONTHS = (
        "visitor_retention_months", _("来访群众个人信息保存期限（诉求办结后月数）")
    )
    # The loop with the resident: receipt, status, callback, reopening, duplicates, 三率.
    CALLBACK_WAIT_DAYS = "callback_wait_days", _("回访：办结后等待群众答复（工作日）")
    REOPEN_WINDOW_DAYS = "reopen_window_days", _("重办：办结后可申请重办（自然日）")
    DUPLICATE_WINDOW_DAYS = "duplicate_window_days", _("相同诉求：比对近期诉求（自然日）")
    RATES_MIN_SAMPLE = "rates_min_sample", _("三率：显示比较的最少样本（件）")
    STATUS_MESSAGES_PER_DAY = "status_messages_per_day", _("办理进度短信：每件每日最多（条）")
    STATUS_LOOKUPS_PER_HOUR = "status_lookups_per_hour", _("公开查询：每个号码每小时最多尝试（次）")


class TopicState(models.TextChoices):
    """举措 四（三）: a suggested consultation topic, and whether it entered the CPPCC's plan of
    consultation and democratic supervision."""

    PROPOSED = "proposed", _("已提出建议")
    ADOPTED = "adopted", _("已纳入协商计划")
    DECLINED = "declined", _("暂不纳入")


class Solved(models.TextChoices):
    """The callback's first question: was the matter solved?"""

    SOLVED = "solved", _("解决")
    PARTLY = "partly", _("部分解决")
    UNSOLVED = "unsolved", _("未解决")


class Satisfaction(models.TextChoices):
    """The callback's second question, on the five levels of 政务服务好差评."""

    VERY_SATISFIED = "very_satisfied", _("非常满意")
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    VERY_DISSATISFIED = "very_dissatisfied", _("非常不满意")


SATISFIED_LEVELS = {
    Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED,
}
BAD_RATINGS = {Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED}


class CallbackChannel(models.TextChoices):
    """How the answer came, or that none came within the wait (not counted as satisfied)."""

    SMS = "sms", _("群众通过短信链接答复")
    PHONE = "phone", _("电话回访")
    IN_PERSON = "in_person", _("当面回访")
    NO_ANSWER = "no_answer", _("逾期未答复")
