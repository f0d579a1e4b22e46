import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet, through
from core.display import label
from core.fields import LimitedTextField
from members.choices import Level
from members.models import MemberQuerySet

from .choices import (
    AppliesTo,
    DutyKind,
    EvaluationCategory,
    MonthCounting,
    QuotaMeasure,
    RecordSource,
    Rounding,
    SectorActivityKind,
)
from .validators import FIRST_YEAR, validate_done_on, validate_evidence

# 规范 第十四条: the ledger of members' work is kept; a record entered in error is voided.
RECORDS_ARE_KEPT = _("履职记录不能删除；录入有误的，请填写原因后作废。")


def new_form_code() -> str:
    """A district's own form gets a code nobody types: rows refer to forms by code."""
    return f"local_{secrets.token_hex(4)}"


class ActivityFormQuerySet(ScopedQuerySet):
    """The shared forms (no district) are seen by every staff role; a district's own forms
    by its staff, its towns and workrooms."""

    scope_paths = {
        "district": ("district",),
        "town": ("district__towns",),
        "clerk": ("district__towns__workrooms__clerk",),
    }

    def scope_q(self, user):
        q = super().scope_q(user)
        return Q(district__isnull=True) if q is None else q | Q(district__isnull=True)

    def usable_in(self, district_id: int | None):
        """The forms a workroom of the district may record: the shared ones and its own."""
        return self.filter(Q(district__isnull=True) | Q(district_id=district_id), active=True)


class ActivityForm(models.Model):
    """A form of members' community work (活动形式). The documents' forms are seeded and
    shared by every district (规范 第十条, 举措 三（二）); a district adds its own local
    forms (规范 第十条: 各区及镇(街)可根据实际情况开展形式多样、具有本地区特色的…活动).
    Records refer to a form by its code, which never changes; a form no longer used is
    made inactive, not deleted."""

    name = models.CharField(_("名称"), max_length=30)
    code = models.SlugField(
        _("代码"), max_length=24, unique=True, default=new_form_code, editable=False,
    )
    district = models.ForeignKey(
        "regions.District", verbose_name=_("区"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="activity_forms",
        help_text=_("留空表示全市通用；填写则为该区自定的本地活动形式。"),
    )
    active = models.BooleanField(
        _("启用"), default=True, help_text=_("停用后不再供登记新活动选择，已登记的记录不受影响。")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    objects = ActivityFormQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活动形式")
        verbose_name_plural = _("活动形式")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="%(app_label)s_%(class)s_unique_local_name",
                violation_error_message=_("本区已有同名的活动形式。"),
            ),
            models.UniqueConstraint(
                fields=["name"], condition=Q(district__isnull=True),
                name="%(app_label)s_%(class)s_unique_shared_name",
                violation_error_message=_("已有同名的全市通用活动形式。"),
            ),
        ]

    def __str__(self):
        return self.name


class DutyRecordQuerySet(ScopedQuerySet):
    scope_paths = through("members__", MemberQuerySet.scope_paths)

    def not_voided(self):
        """Records that count: a voided record stays only in the admin and its history."""
        return self.filter(voided_at=None)

    def confirmed(self):
        return self.not_voided().filter(confirmed=True)

    def delete(self):
        raise PermissionDenied(RECORDS_ARE_KEPT)

    def in_year(self, year: int):
        return self.filter(date__gte=dt.date(year, 1, 1), date__lt=dt.date(year + 1, 1, 1))

    def with_ledger_twin(self):
        """`ledger_twin`: a record typed by hand for a workroom visit that the ledger already
        holds for one of its members that day; confirmed too, it would count that visit and
        its 10 points twice (规范 第十四条). Staff who confirm see it flagged."""
        twin = DutyRecord.objects.filter(
            source=RecordSource.LEDGER, kind=OuterRef("kind"), date=OuterRef("date"),
            members__in=DutyRecord.members.through.objects.filter(
                dutyrecord_id=OuterRef(OuterRef("pk"))
            ).values("member_id"),
        )
        return self.annotate(ledger_twin=Case(
            When(~Q(source=RecordSource.LEDGER) & Q(kind=DutyKind.COMMUNITY_ACTIVITY),
                 then=Exists(twin)),
            default=Value(False), output_field=models.BooleanField(),
        ))


class DutyRecord(models.Model):
    """One piece of a member's duty (履职记录). A joint proposal or report lists every
    co-author and counts for each of them (举措 三（一）)."""

    kind = models.CharField(_("类别"), max_length=24, choices=DutyKind.choices)
    activity_form = models.ForeignKey(
        ActivityForm, verbose_name=_("活动形式"), to_field="code", db_column="activity_form",
        null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("进社区活动的形式（规范 第十条）。"),
    )
    title = models.CharField(_("标题"), max_length=200)
    date = models.DateField(_("日期"), validators=[validate_done_on])
    members = models.ManyToManyField(
        "members.Member", verbose_name=_("委员（含联名）"), related_name="duty_records"
    )
    evidence = LimitedTextField(_("佐证材料说明"), max_length=2000, blank=True)
    attachment = models.FileField(
        _("佐证附件"), upload_to="duty/evidence/", blank=True, validators=[validate_evidence]
    )
    source = models.CharField(
        _("来源"), max_length=8, choices=RecordSource.choices, default=RecordSource.MANUAL
    )
    source_ref = models.CharField(
        _("来源标识"), max_length=60, blank=True,
        help_text=_("生成这条记录的活动或诉求，用于避免重复生成。"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    confirmed = models.BooleanField(_("已确认"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    # Never deleted: a record entered in error is voided with a reason
    # (audit.services.records_void); it then counts towards no quota and earns no
    # points (规范 第十四条), and the admin shows it as voided.
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("作废人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True, editable=False)

    objects = DutyRecordQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("履职记录")
        verbose_name_plural = _("履职记录")
        ordering = ["-date", "-pk"]
        permissions = [
            ("void_dutyrecord", _("作废履职记录")),
            ("confirm_dutyrecord", _("确认履职记录（举措 四（四））")),
            ("view_own_dutyrecord", _("查看本人的履职情况")),
        ]
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_void_has_reason",
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                violation_error_message=_("作废须填写原因。"),
            ),
            models.UniqueConstraint(
                fields=["kind", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="%(app_label)s_%(class)s_once_per_source",
                violation_error_message=_("该来源已生成过同类履职记录。"),
            )
        ]
        indexes = [
            models.Index(fields=["kind", "date"]),
            # Proposals and reports filed from cases, counted by the yearly report
            # (reports/figures.py) from this index alone.
            models.Index(
                fields=["date"], include=["kind", "id"],
                condition=Q(source=RecordSource.CASE, voided_at__isnull=True),
                name="scoring_dutyrecord_from_cases",
            ),
        ]

    def __str__(self):
        return f"{label(self, 'kind')}：{self.title}"

    def delete(self, *args, **kwargs):
        raise PermissionDenied(RECORDS_ARE_KEPT)


UNITS = {DutyKind.PROPOSAL: _("件"), DutyKind.SOCIAL_REPORT: _("篇")}


class QuotaRule(models.Model):
    """A yearly minimum (举措 三; 规范 第五条). Rows, not code: staff edit them per year."""

    year = models.PositiveSmallIntegerField(_("年度"))
    position = models.PositiveSmallIntegerField(_("显示顺序"), default=0)
    measure = models.CharField(
        _("计数对象"), max_length=16, choices=QuotaMeasure.choices, default=QuotaMeasure.RECORDS
    )
    kind = models.CharField(
        _("履职类别"), max_length=24, choices=DutyKind.choices, blank=True,
        help_text=_("计数对象为履职记录时必填。"),
    )
    minimum = models.PositiveSmallIntegerField(_("每年不少于"))
    maximum = models.PositiveSmallIntegerField(_("每年不多于"), null=True, blank=True)
    applies_to = models.CharField(
        _("适用委员"), max_length=12, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    level = models.CharField(
        _("适用层级"), max_length=12, choices=Level.choices, blank=True,
        help_text=_("留空则适用于各级委员。"),
    )
    basis = models.CharField(_("依据"), max_length=100, blank=True)
    is_local_setting = models.BooleanField(
        _("本地设置"), default=False, help_text=_("文件未规定、由本地设定的数值。")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度履职指标")
        verbose_name_plural = _("年度履职指标")
        ordering = ["-year", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "measure", "kind", "applies_to", "level"],
                name="%(app_label)s_%(class)s_unique_rule",
                violation_error_message=_("该年度已有相同的履职指标。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_kind_matches_measure",
                condition=(Q(measure=QuotaMeasure.RECORDS) & ~Q(kind=""))
                | (Q(measure=QuotaMeasure.CONSTITUENTS) & Q(kind="")),
                violation_error_message=_("计数履职记录时须选择履职类别；计数结对群众时不选类别。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_maximum_not_below_minimum",
                condition=Q(maximum__isnull=True) | Q(maximum__gte=models.F("minimum")),
                violation_error_message=_("上限不能小于下限。"),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.label} ≥{self.minimum}"

    @property
    def label(self) -> str:
        if self.measure == QuotaMeasure.CONSTITUENTS:
            return str(_("结对界别群众"))
        return label(self, "kind")  # shown for each quota of every table and member page

    @property
    def unit(self) -> str:
        """举措 三（一）: 提案 ... 一件, 社情民意信息 ... 一篇; 界别群众 3—5名; otherwise 次."""
        if self.measure == QuotaMeasure.CONSTITUENTS:
            return str(_("名"))
        return str(UNITS.get(self.kind, _("次")))

    def applies(self, member) -> bool:
        """Whether this quota binds the member: level, standing (举措 三（一）), exemption
        (规范 第五条)."""
        return self.binds(level=member.level, standing=member.is_standing,
                          exempt=member.is_exempt)

    def binds(self, *, level: str, standing: bool, exempt: bool) -> bool:
        """`applies` to a member of this level, standing and exemption: nothing else about a
        member decides it (scoring.quotas works it out once per such kind of member)."""
        if self.level and level != self.level:
            return False
        if self.applies_to == AppliesTo.STANDING:
            return standing
        if self.applies_to == AppliesTo.NON_EXEMPT:
            return not exempt
        return True

    def applies_q(self) -> Q:
        """`applies` as a filter on members, for counting in SQL (scoring.quotas.QuotaTable)."""
        q = Q(level=self.level) if self.level else Q()
        if self.applies_to == AppliesTo.STANDING:
            q &= Q(is_standing=True)
        elif self.applies_to == AppliesTo.NON_EXEMPT:  # Member.is_exempt
            q &= Q(exempt=False, sector__exempt_from_community_duty=False)
        return q


class ScoringRule(models.Model):
    """Points one duty record earns in the yearly evaluation. A rule for a level wins over
    the rule for all levels (规范 第十四条: a city member's community activity, 10 points)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("履职类别"), max_length=24, choices=DutyKind.choices)
    level = models.CharField(
        _("适用层级"), max_length=12, choices=Level.choices, blank=True,
        help_text=_("留空则适用于各级委员；指定层级的规则优先。"),
    )
    category = models.CharField(
        _("考核类别"), max_length=24, choices=EvaluationCategory.choices
    )
    points = models.DecimalField(_("每次计分"), max_digits=6, decimal_places=1)
    basis = models.CharField(_("依据"), max_length=100, blank=True)
    is_local_setting = models.BooleanField(
        _("本地设置"), default=True, help_text=_("文件未规定、由本地设定的分值。")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("履职计分规则")
        verbose_name_plural = _("履职计分规则")
        ordering = ["-year", "kind", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind", "level"],
                name="%(app_label)s_%(class)s_unique_rule",
                violation_error_message=_("该年度该类别、层级已有计分规则。"),
            ),
        ]

    def __str__(self):
        kind, category = self.get_kind_display(), self.get_category_display()
        return f"{self.year} {kind} → {category} {self.points}"


class ProrationRule(models.Model):
    """How a member who served part of a year owes that year's quotas (规范 第五条: a yearly
    duty; the documents say nothing of a member who joins or leaves mid-year, so this is a
    local setting): each quota's minimum × months served ÷ 12, rounded as the row says, with
    months counted as the row says, and nothing owed below a number of months. The row of
    the latest year not after a year applies to it; a member who served the whole year owes
    the quotas as they are.

    `months_served` and `months_expression` count the same months, in Python (the quota
    engine's runs) and in SQL (the staff table, the reports); `due` and `due_expression` the
    same minimum."""

    from_year = models.PositiveSmallIntegerField(
        _("起始年度"), unique=True, help_text=_("自该年度起适用，直至有更晚年度的折算规则。")
    )
    months = models.CharField(
        _("在任月数计法"), max_length=12, choices=MonthCounting.choices,
        default=MonthCounting.WHOLE,
    )
    rounding = models.CharField(
        _("折算取整"), max_length=8, choices=Rounding.choices, default=Rounding.UP,
        help_text=_("年度指标 × 在任月数 ÷ 12 之后的取整方式。"),
    )
    waived_below_months = models.PositiveSmallIntegerField(
        _("在任不足几个月不作要求"), default=3, validators=[MaxValueValidator(12)],
        help_text=_("当年在任月数少于此数的委员，当年各项指标不作要求；0 表示不设。"),
    )
    basis = models.CharField(_("依据"), max_length=100, blank=True)
    is_local_setting = models.BooleanField(
        _("本地设置"), default=True, editable=False,
        help_text=_("文件未规定年中任职、离任如何计算，由本地设定。"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年中任职离任折算规则")
        verbose_name_plural = _("年中任职离任折算规则")
        ordering = ["-from_year"]

    def __str__(self):
        return _("%(year)s年度起：%(rule)s") % {"year": self.from_year, "rule": self.stated}

    @property
    def stated(self) -> str:
        """The rule in one sentence, as staff and members read it on their pages."""
        if self.months == MonthCounting.NONE:
            return str(_("年中任职、离任的委员按全年要求（不折算）"))
        rule = _("年度指标 × 在任月数 ÷ 12，%(rounding)s；在任月数%(months)s") % {
            "rounding": self.get_rounding_display(), "months": self.get_months_display(),
        }
        if self.waived_below_months:
            rule += _("；在任不足%(n)d个月的，当年不作要求") % {"n": self.waived_below_months}
        return str(rule)

    # --- the months served -------------------------------------------------------------

    def spans(self, year: int) -> list[tuple[dt.date, dt.date]]:
        """For each month of `year`, (a, b): it counts for a member who joined on or before
        a (or has no date of joining) and left on or after b (or has not left)."""
        out = []
        for month in range(1, 13):
            first = dt.date(year, month, 1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            mid = first.replace(day=15)
            out.append({
                MonthCounting.WHOLE: (first, last), MonthCounting.MID_MONTH: (mid, mid),
            }.get(self.months, (last, first)))
        return out

    def months_served(self, joined_on, left_on, year: int) -> int:
        """Months of `year` the member served, counted as the row says (0 to 12)."""
        spans = self.spans(year)
        if self.months == MonthCounting.NONE:
            served = _served(joined_on, left_on, dt.date(year, 12, 31), dt.date(year, 1, 1))
            return 12 if served else 0
        return sum(1 for a, b in spans if _served(joined_on, left_on, a, b))

    def months_expression(self, year: int):
        """`months_served` as an SQL expression on members."""
        def served(a, b) -> Q:
            return ((Q(joined_on__isnull=True) | Q(joined_on__lte=a))
                    & (Q(left_on__isnull=True) | Q(left_on__gte=b)))

        if self.months == MonthCounting.NONE:
            return Case(When(served(dt.date(year, 12, 31), dt.date(year, 1, 1)),
                             then=Value(12)), default=Value(0))
        spans = self.spans(year)
        months = [Case(When(served(a, b), then=Value(1)), default=Value(0)) for a, b in spans]
        total = months[0]
        for month in months[1:]:
            total = total + month
        # The whole year first: most members served all of it, and CASE stops there.
        return Case(When(served(spans[0][0], spans[-1][1]), then=Value(12)), default=total,
                    output_field=models.IntegerField())

    # --- what is owed --------------------------------------------------------------------

    ADD = {Rounding.UP: 11, Rounding.HALF_UP: 6, Rounding.DOWN: 0}  # before dividing by 12

    def due(self, minimum: int, months: int) -> int:
        """A quota's minimum for a member who served `months` of the year."""
        if months >= 12:
            return minimum
        if months < self.waived_below_months or months <= 0:
            return 0
        return (minimum * months + self.ADD[self.rounding]) // 12

    def due_expression(self, minimum: int, months: str = "t_months"):
        """`due` in SQL, on members annotated with their months served under `months`
        (`months_expression`)."""
        prorated = Cast(
            (models.F(months) * Value(minimum) + Value(self.ADD[self.rounding])) / Value(12),
            models.IntegerField(),
        )
        return Case(
            When(Q(**{f"{months}__gte": 12}), then=Value(minimum)),
            When(Q(**{f"{months}__lt": max(self.waived_below_months, 1)}), then=Value(0)),
            default=prorated, output_field=models.IntegerField(),
        )


def _served(joined_on, left_on, a: dt.date, b: dt.date) -> bool:
    return (joined_on is None or joined_on <= a) and (left_on is None or left_on >= b)


class SectorActivityQuerySet(ScopedQuerySet):
    """Sectors are city-wide: staff read every sector's progress; a member only the sectors
    they convene (举措 三（三）)."""

    scope_paths = {"member": ("sector__convener__user",)}

    def for_user(self, user):
        if user is not None and user.is_authenticated and user.is_active:
            if user.has_perm("scoring.view_sectoractivity"):
                return self
        return super().for_user(user)

    def in_year(self, year: int):
        return self.filter(date__gte=dt.date(year, 1, 1), date__lt=dt.date(year + 1, 1, 1))


class SectorActivity(models.Model):
    """A sector's collective activity (举措 三（三）): each sector ≥1 of each kind a year."""

    sector = models.ForeignKey(
        "members.Sector", verbose_name=_("界别"), on_delete=models.CASCADE,
        related_name="activities",
    )
    kind = models.CharField(_("类别"), max_length=16, choices=SectorActivityKind.choices)
    date = models.DateField(_("日期"))
    title = models.CharField(_("标题"), max_length=200)
    evidence = LimitedTextField(_("说明"), max_length=2000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = SectorActivityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("界别活动")
        verbose_name_plural = _("界别活动")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["sector", "date"])]

    def __str__(self):
        return f"{self.sector} {self.get_kind_display()}：{self.title}"

    @property
    def year(self) -> int:
        return self.date.year


class QuotaReminderDate(models.Model):
    """A day of the year on which members are told what they still lack (seeded 10-01, 11-15)."""

    month = models.PositiveSmallIntegerField(_("月"))
    day = models.PositiveSmallIntegerField(_("日"))
    active = models.BooleanField(_("启用"), default=True)
    is_local_setting = models.BooleanField(_("本地设置"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("履职提醒日期")
        verbose_name_plural = _("履职提醒日期")
        ordering = ["month", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "day"],
                name="%(app_label)s_%(class)s_unique_day",
                violation_error_message=_("该提醒日期已存在。"),
            ),
        ]

    def __str__(self):
        return f"{self.month}月{self.day}日"

    def clean(self):
        try:
            dt.date(2024, self.month or 0, self.day or 0)  # a leap year: 2月29日 is allowed
        except ValueError:
            raise ValidationError(_("日期无效。")) from None


class ReminderRun(models.Model):
    """One reminder round, claimed once per date so a retry or a second beat sends nothing."""

    date = models.DateField(_("提醒日期"))
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    members_told = models.PositiveIntegerField(_("提醒人数"), default=0)

    class Meta:
        verbose_name = _("履职提醒记录")
        verbose_name_plural = _("履职提醒记录")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                name="%(app_label)s_%(class)s_once_per_date",
                violation_error_message=_("该日期的提醒已经发送。"),
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"


class MemberTally(models.Model):
    """A member's duty records of one year counted by kind: confirmed (c_<kind>) and
    pending (p_<kind>). Derived data, never edited: `scoring.tallies` recomputes a member's
    row from the records whenever a record, its date, its confirmation or its members change,
    and the nightly job rebuilds every row of this year and last. It lets the staff table
    sort, filter and page in SQL and the reports count in SQL, whatever the number of records."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.CASCADE,
        related_name="tallies",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("委员年度履职计数")
        verbose_name_plural = _("委员年度履职计数")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"], name="%(app_label)s_%(class)s_once_per_year"
            )
        ]
        indexes = [models.Index(fields=["year", "member"])]

    def __str__(self):
        return f"{self.member_id} {self.year}"


TALLY_FIELDS = tuple(f"{state}_{kind}" for kind in DutyKind.values for state in ("c", "p"))
for _name in TALLY_FIELDS:
    MemberTally.add_to_class(_name, models.PositiveIntegerField(default=0))


class CommitteeLiaisonPlanQuerySet(ScopedQuerySet):
    scope_paths = {"committee": ("committee",)}


class CommitteeLiaisonPlan(models.Model):
    """举措 四（一）: each special committee makes a yearly plan of its members' liaison with
    the public (各专门委员会…制定年度计划), and its yearly report sets what was done against it
    (reports.plans). The targets are counts of duty records of a kind, summed over the
    committee's members, and how many members meet the community quota."""

    committee = models.ForeignKey(
        "members.Committee", verbose_name=_("专门委员会"), on_delete=models.PROTECT,
        related_name="liaison_plans",
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    content = LimitedTextField(_("计划内容"), max_length=2000, blank=True)
    members_meeting_visits = models.PositiveIntegerField(
        _("进社区达标委员人数目标"), null=True, blank=True,
        help_text=_("计划有多少委员达到每年进社区次数（规范 第五条）；留空表示不设目标。"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = CommitteeLiaisonPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专门委员会年度联系群众工作计划")
        verbose_name_plural = _("专门委员会年度联系群众工作计划")
        ordering = ["-year", "committee"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"],
                name="%(app_label)s_%(class)s_unique_committee_year",
                violation_error_message=_("该专门委员会本年度已有计划，请修改原计划。"),
            ),
        ]

    def __str__(self):
        return _("%(committee)s%(year)s年度联系群众工作计划") % {
            "committee": self.committee, "year": self.year}


class CommitteePlanTargetQuerySet(ScopedQuerySet):
    scope_paths = {"committee": ("plan__committee",)}


class CommitteePlanTarget(models.Model):
    """One target of a committee's yearly plan (举措 四（一）): so many duty records of a kind."""

    plan = models.ForeignKey(
        CommitteeLiaisonPlan, verbose_name=_("计划"), on_delete=models.CASCADE,
        related_name="targets",
    )
    kind = models.CharField(_("履职类别"), max_length=24, choices=DutyKind.choices)
    target = models.PositiveIntegerField(_("目标（次或件）"))

    objects = CommitteePlanTargetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("计划目标")
        verbose_name_plural = _("计划目标")
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind"], name="%(app_label)s_%(class)s_unique_plan_kind",
                violation_error_message=_("同一类别的目标只能填写一次。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.target}"
