import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet, through
from core.fields import LimitedTextField
from privacy.fields import EncryptedTextField

from .choices import GuidanceKind, GuidanceState, Level, MemberStatus, Roster
from .validators import validate_member_photo, validate_phone, validate_term_date


class Sector(models.Model):
    """界别. Members of an exempt sector owe no community duty (规范 第五条)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    exempt_from_community_duty = models.BooleanField(
        _("免于进社区履职"),
        default=False,
        help_text=_("规范 第五条：港澳界别委员暂不要求参加委员进社区活动。"),
    )
    convener = models.ForeignKey(
        "Member", verbose_name=_("界别召集人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="convened_sectors",
    )
    notes = LimitedTextField(_("备注"), max_length=1000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("界别")
        verbose_name_plural = _("界别")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Committee(models.Model):
    """专门委员会 of the city CPPCC; each city member belongs to one
    (举措 三（三）, 举措 四（一）)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    notes = LimitedTextField(_("备注"), max_length=1000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专门委员会")
        verbose_name_plural = _("专门委员会")
        ordering = ["pk"]
        permissions = [
            ("summarize_committee", _("查看专门委员会委员联络工作的年度汇总（举措 四（一））")),
        ]

    def __str__(self):
        return self.name


# 规范 第五条: 港澳界别委员 (by sector) and 中联办住港澳委员 (individually) owe no community
# duty, for now. `Member.is_exempt` says the same of one member.
EXEMPT = Q(exempt=True) | Q(sector__exempt_from_community_duty=True)


class MemberQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("district", "workrooms__town__district"),
        "town": ("workrooms__town",),
        "clerk": ("workrooms__clerk",),
        "committee": ("committee",),
        "member": ("user",),
    }

    def active(self):
        return self.filter(status=MemberStatus.ACTIVE)

    def exempt(self):
        """规范 第五条: 港澳界别委员 (by sector) and 中联办住港澳委员 (individually)."""
        return self.filter(EXEMPT)

    def owing_community_duty(self):
        return self.active().exclude(pk__in=self.exempt().values("pk"))

    def serving_in(self, year: int):
        """Members who served some day of `year` (规范 第五条: the yearly duty binds a member
        for the part of the year they served): in office now, or left that year or later,
        and joined by its end. A member marked left with no date of leaving is not counted,
        as before dates were kept."""
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return self.filter(
            Q(status=MemberStatus.ACTIVE) | Q(left_on__gte=start),
            Q(joined_on__isnull=True) | Q(joined_on__lte=end),
        )


class Member(models.Model):
    """A CPPCC member (委员) whose community work the product follows."""

    name = models.CharField(_("姓名"), max_length=50)
    level = models.CharField(_("委员层级"), max_length=12, choices=Level.choices)
    district = models.ForeignKey(
        "regions.District", verbose_name=_("所属区"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="members",
        help_text=_("区政协委员所属的区政协；其他委员为联系的区。"),
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("界别"), on_delete=models.PROTECT, related_name="members"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("专门委员会"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="members",
        help_text=_("市政协委员所属的专门委员会。"),
    )
    is_standing = models.BooleanField(_("常委"), default=False)
    term = models.PositiveSmallIntegerField(_("届次"), default=14)
    photo = models.ImageField(
        _("照片"), upload_to="members/photos/", blank=True, validators=[validate_member_photo]
    )
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    post = models.CharField(_("职务"), max_length=100, blank=True)
    phone = models.CharField(
        _("手机号码"), max_length=20, blank=True, validators=[validate_phone],
        help_text=_("用于发送通知，不对外公开。"),
    )
    email = models.EmailField(_("电子邮箱"), blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    exempt = models.BooleanField(
        _("个人免于进社区履职"), default=False,
        help_text=_("规范 第五条：如中联办住港澳委员。须填写原因。"),
    )
    exempt_reason = models.CharField(_("免除原因"), max_length=200, blank=True)
    # 规范 第五条: the yearly duty binds a member for the part of the year they served; how a
    # part year is counted is a local setting (scoring.models.ProrationRule).
    joined_on = models.DateField(
        _("任职日期"), null=True, blank=True, validators=[validate_term_date],
        help_text=_("成为委员（本届任职）的日期。当年年中任职的，年度履职指标按在任月数折算（本地设置）。"),
    )
    left_on = models.DateField(
        _("离任日期"), null=True, blank=True, validators=[validate_term_date],
        help_text=_("在任的最后一天；填写后状态须为“已离任”。当年只计在任期间的履职，指标按在任月数折算。"),
    )
    user = models.OneToOneField(
        "accounts.User", verbose_name=_("登录账号"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="member",
    )

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("委员")
        verbose_name_plural = _("委员")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "phone"],
                condition=~Q(phone=""),
                name="%(app_label)s_%(class)s_unique_name_phone",
                violation_error_message=_("已有同名且手机号码相同的委员，不能重复登记。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_district_member_has_district",
                condition=~Q(level=Level.DISTRICT) | Q(district__isnull=False),
                violation_error_message=_("区政协委员必须指定所属区政协。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_committee_only_for_city",
                condition=Q(committee__isnull=True) | Q(level=Level.CITY),
                violation_error_message=_("只有市政协委员可以归属专门委员会。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_exemption_has_reason",
                condition=Q(exempt=False) | ~Q(exempt_reason=""),
                violation_error_message=_("个人免除进社区履职须填写原因（规范 第五条）。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_left_not_before_joined",
                condition=Q(joined_on__isnull=True) | Q(left_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                violation_error_message=_("离任日期不能早于任职日期。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_left_on_only_when_left",
                condition=Q(left_on__isnull=True) | Q(status=MemberStatus.LEFT),
                violation_error_message=_("填写了离任日期的委员，状态须为“已离任”。"),
            ),
        ]
        indexes = [models.Index(fields=["level", "status"])]

    def __str__(self):
        return self.name

    @property
    def is_exempt(self) -> bool:
        """规范 第五条: no community duty for 港澳界别委员 and 中联办住港澳委员, for now."""
        return self.exempt or self.sector.exempt_from_community_duty


class ConstituentQuerySet(ScopedQuerySet):
    scope_paths = through("member__", MemberQuerySet.scope_paths)


class Constituent(models.Model):
    """界别群众: each member pairs with 3 to 5 people of their sector (举措 三（三）)."""

    MAX_PER_MEMBER = 5  # 举措 三（三）

    member = models.ForeignKey(
        Member, verbose_name=_("委员"), on_delete=models.CASCADE, related_name="constituents"
    )
    name = models.CharField(_("姓名"), max_length=50)
    work_unit = models.CharField(_("单位或身份"), max_length=100, blank=True)
    # The public's contact number: encrypted at rest (privacy.fields).
    phone = EncryptedTextField(
        _("联系电话"), max_length=20, blank=True, validators=[validate_phone]
    )
    paired_on = models.DateField(_("结对日期"), null=True, blank=True)
    notes = LimitedTextField(_("备注"), max_length=1000, blank=True)

    objects = ConstituentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("结对界别群众")
        verbose_name_plural = _("结对界别群众")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.member_id:
            others = Constituent.objects.filter(member_id=self.member_id).exclude(pk=self.pk)
            if others.count() >= self.MAX_PER_MEMBER:
                raise ValidationError(
                    _("每位委员结对联系界别群众3—5名，已满5名（举措 三(三)）。")
                )


class ImportRunQuerySet(ScopedQuerySet):
    scope_paths = {"district": ("by__district",)}


class ImportRun(models.Model):
    """One roster import, recorded as a single audited event: who imported which file,
    when, and what came of it, whether the file was accepted or refused (a refused file
    changes no record, so no record's history tells of it).
    """

    roster = models.CharField(_("名册"), max_length=12, choices=Roster.choices)
    file_name = models.CharField(_("文件名"), max_length=200)
    by = models.ForeignKey(
        "accounts.User", verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="import_runs",
        help_text=_("为空表示由管理命令导入。"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    dry_run = models.BooleanField(_("仅检查"), default=False)
    ok = models.BooleanField(_("成功"), default=False)
    rows = models.PositiveIntegerField(_("数据行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    summary = models.TextField(_("结果摘要"), blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("名册导入记录")
        verbose_name_plural = _("名册导入记录")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_roster_display()} {self.file_name}"


class GuidanceRequestQuerySet(ScopedQuerySet):
    scope_paths = {
        "district": ("district",),
        "member": ("member__user",),
    }

    def waiting(self):
        return self.filter(state=GuidanceState.ASKED)


class GuidanceRequest(models.Model):
    """规范 第十二条: a member asks their district CPPCC for guidance and advice, or for people
    to take part in a piece of community work; the district answers. Every change is kept
    (history): the question as asked, the answer, who answered and when."""

    member = models.ForeignKey(
        Member, verbose_name=_("委员"), on_delete=models.PROTECT, related_name="guidance_requests"
    )
    district = models.ForeignKey(
        "regions.District", verbose_name=_("区政协"), on_delete=models.PROTECT,
        related_name="guidance_requests",
    )
    kind = models.CharField(_("请求类型"), max_length=12, choices=GuidanceKind.choices)
    subject = models.CharField(_("事项"), max_length=100)
    details = LimitedTextField(_("具体需求"), max_length=1000)
    wanted_by = models.DateField(_("希望答复或安排的日期"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=GuidanceState.choices, default=GuidanceState.ASKED
    )
    answer = LimitedTextField(_("区政协答复"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", verbose_name=_("答复人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    objects = GuidanceRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("委员指导或人员请求")
        verbose_name_plural = _("委员指导或人员请求")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_answered_has_answer",
                condition=~Q(state=GuidanceState.ANSWERED) | ~Q(answer=""),
                violation_error_message=_("答复时须填写答复内容（规范 第十二条）。"),
            ),
        ]

    def __str__(self):
        return f"{self.member.name}：{self.subject}"
