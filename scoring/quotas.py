"""The quota engine: one function that says, for many members and one year, where each
member stands on every yearly quota (举措 三; 规范 第五条) and how many points they have
earned by evaluation category (规范 第十四条).

It is the only place that counts. The member's page, the staff table, the command, the
reminders and the reports all call `quota_status`. It runs a fixed number of queries
whatever the number of members or records: the counting is done in SQL, one grouped row per
member (the member's yearly tally of records by kind, `scoring.tallies`; a count of
constituents).

`QuotaTable` gives the same verdicts as SQL expressions, so a page of a large table can be
sorted, filtered by "behind" and counted for its chart in the database, reading only the
rows it shows, so a district's table costs the same whatever its number of members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from members.choices import Level
from members.models import EXEMPT, Constituent

from .choices import DutyKind, EvaluationCategory, MonthCounting, QuotaMeasure, SectorActivityKind
from .models import TALLY_FIELDS, ProrationRule, QuotaRule, ScoringRule

KINDS = tuple(DutyKind.values)  # read once: the enum builds a new list on every access


@dataclass(slots=True)
class QuotaProgress:
    """One member against one quota."""

    rule: QuotaRule
    count: int
    pending: int = 0  # records entered but not yet confirmed by staff (举措 四（四）)
    due: int | None = None  # the minimum prorated to the months served (ProrationRule)

    @property
    def minimum(self) -> int:
        return self.rule.minimum if self.due is None else self.due

    @property
    def prorated(self) -> bool:
        return self.due is not None and self.due != self.rule.minimum

    @property
    def maximum(self) -> int | None:
        return self.rule.maximum

    @property
    def met(self) -> bool:
        return self.count >= self.minimum

    @property
    def missing(self) -> int:
        return max(0, self.minimum - self.count)

    @property
    def over(self) -> bool:
        return self.rule.maximum is not None and self.count > self.rule.maximum

    @property
    def percent(self) -> int:
        if not self.minimum:
            return 100
        return min(100, round(self.count * 100 / self.minimum))

    def __str__(self) -> str:
        return f"{self.count}/{self.minimum}"


@dataclass
class MemberYear:
    """Where one member stands for one year. `_member` is the member, or a function that
    builds it when `member` is first read (`quota_status(many=True)`)."""

    _member: object = field(repr=False)
    quotas: dict[int, QuotaProgress | None]  # rule pk -> progress; None: the rule does not bind
    confirmed: tuple[int, ...]  # records of each kind, in the order of KINDS
    unconfirmed: tuple[int, ...]  # entered but not yet confirmed by staff (举措 四（四）)
    points: dict[str, Decimal] = field(default_factory=dict)
    months: int = 12  # months of the year served (规范 第五条; counted by ProrationRule)

    @property
    def member(self):
        if callable(self._member):
            self._member = self._member()
        return self._member

    @cached_property
    def counts(self) -> dict[str, int]:
        return dict(zip(KINDS, self.confirmed, strict=True))

    @cached_property
    def pending(self) -> dict[str, int]:
        return dict(zip(KINDS, self.unconfirmed, strict=True))

    @property
    def applicable(self) -> list[QuotaProgress]:
        return [q for q in self.quotas.values() if q is not None]

    @property
    def lacking(self) -> list[QuotaProgress]:
        return [q for q in self.applicable if not q.met]

    @property
    def behind(self) -> bool:
        return bool(self.lacking)

    @property
    def total_points(self) -> Decimal:
        return sum(self.points.values(), Decimal(0))


@dataclass
class YearStatus:
    """Every member's `MemberYear`, with the rules that produced them."""

    year: int
    rules_year: int | None  # the year whose rules were used (an earlier one if none yet)
    rules: list[QuotaRule]
    scoring: ScoringTable
    rows: Sequence[MemberYear]  # with many members, made as they are read (`RowsAsRead`)
    proration: ProrationRule | None = None

    @cached_property
    def categories(self) -> list[tuple[str, str]]:
        return self.scoring.categories()  # a table lives for one request, in one language

    def meeting(self) -> list[tuple[QuotaRule, int, int]]:
        """(rule, members meeting it, members it binds) for each quota."""
        out = []
        for rule in self.rules:
            bound = [row.quotas[rule.pk] for row in self.rows if row.quotas[rule.pk] is not None]
            out.append((rule, sum(1 for q in bound if q.met), len(bound)))
        return out


class ScoringTable:
    """Points per record of a kind for a member's level: the level's rule wins over the
    all-levels rule (规范 第十四条 names city members only)."""

    def __init__(self, rules):
        self.by_key = {(rule.kind, rule.level): rule for rule in rules}

    def rule_for(self, kind: str, level: str) -> ScoringRule | None:
        return self.by_key.get((kind, level)) or self.by_key.get((kind, ""))

    def categories(self) -> list[tuple[str, str]]:
        used = {rule.category for rule in self.by_key.values()}
        return [(value, str(label)) for value, label in EvaluationCategory.choices if value in used]

    def earning(self, level: str) -> list[tuple[int, str, Decimal]]:
        """(the kind's place in KINDS, category, points a record) for each kind of record
        that earns points at `level`."""
        return [(i, rule.category, rule.points) for i, kind in enumerate(KINDS)
                if (rule := self.rule_for(kind, level)) is not None]


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def rules_for(year: int) -> tuple[int | None, list[QuotaRule], ScoringTable]:
    """This year's rules, or the latest earlier year's until staff copy them forward."""
    quota_rules = _latest_year(
        QuotaRule.objects.filter(year__lte=year).order_by("-year", "position", "pk")
    )
    scoring = _latest_year(ScoringRule.objects.filter(year__lte=year).order_by("-year"))
    rules_year = quota_rules[0].year if quota_rules else None
    return rules_year, quota_rules, ScoringTable(scoring)


def proration_for(year: int) -> ProrationRule:
    """The part-year rule for `year` (规范 第五条; a local setting): the row of the latest
    year not after it; with none, a member who served any part of the year owes it all."""
    rule = ProrationRule.objects.filter(from_year__lte=year).order_by("-from_year").first()
    return rule or ProrationRule(from_year=year, months=MonthCounting.NONE)


def _latest_year(rules) -> list:
    """The rows of the most recent year among `rules` (ordered by year, newest first).
    The tables hold a handful of rows a year, so one query reading them all is cheapest."""
    rows = list(rules)
    return [rule for rule in rows if rule.year == rows[0].year] if rows else []


def with_counts(members, year: int):
    """The members with t_c_<kind> and t_p_<kind>: their confirmed and pending records of
    `year` by kind, read from their tally (`scoring.tallies` keeps it equal to the records;
    joint records count for every co-author, 举措 三（一）), 0 if none."""
    tally = FilteredRelation("tallies", condition=Q(tallies__year=year))
    counts = {f"t_{name}": Coalesce(F(f"tally__{name}"), 0) for name in TALLY_FIELDS}
    return members.annotate(tally=tally).annotate(**counts)


def constituent_count():
    """A member's paired constituents (举措 三（三）), as a subquery on members."""
    constituents = (
        Constituent.objects.filter(member=OuterRef("pk")).order_by()
        .values("member").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(constituents), 0)


def exemption():
    """Whether a member owes no community duty (规范 第五条), as an expression on members."""
    return ExpressionWrapper(EXEMPT, output_field=BooleanField())


CONFIRMED = tuple(f"t_c_{kind}" for kind in KINDS)
PENDING = tuple(f"t_p_{kind}" for kind in KINDS)
NONE = (0,) * len(KINDS)


def quota_status(*, members, year: int, many: bool = False) -> YearStatus:
    """Every member's quotas and points for `year`, in a fixed number of queries whatever
    their number: the rules (3) and the members with their counts (1). With `many` (a run
    over every member of the city), also their constituents (1) and the three small tables
    their sector, district and committee come from (3); each row is judged as it is read
    and its member built only when a caller reads it (`_many_rows`)."""
    rules_year, rules, scoring = rules_for(year)
    proration = proration_for(year)
    verdicts = Verdicts(rules, scoring, proration, year)
    if many:
        rows = _many_rows(members, year, verdicts)
    else:
        members = with_counts(members, year).annotate(
            t_constituents=constituent_count(), t_exempt=exemption()
        )
        rows = [verdicts.of(member, exempt=member.t_exempt)
                for member in members.select_related(*RELATIONS)]
    return YearStatus(year, rules_year, rules, scoring, rows, proration)


RELATIONS = ("sector", "district", "committee")


def _many_rows(members, year: int, verdicts: Verdicts) -> RowsAsRead:
    """Each member's `MemberYear`, from one row of values read at once and judged as it is
    read. The member itself is built when a caller first reads it, with its sector,
    district and committee read once for all: a reminder run reads only the members behind,
    and building a model object for every member of the city costs more than judging them
    all. Constituents are counted in one grouped query (a subquery per member costs more
    over thousands of them)."""
    constituents = dict(
        Constituent.objects.filter(member__in=members.values("pk")).order_by()
        .values("member").annotate(n=Count("pk")).values_list("member", "n")
    )
    model = members.model
    names = [f.attname for f in model._meta.concrete_fields]
    relations = [
        (name, {obj.pk: obj for obj in model._meta.get_field(name).related_model.objects.all()})
        for name in RELATIONS
    ]

    def build(values):
        member = model.from_db(members.db, names, values)
        for name, objects in relations:
            setattr(member, name, objects.get(getattr(member, f"{name}_id")))
        return member

    def counts(values) -> tuple[tuple[int, ...], tuple[int, ...]]:
        if values[n] is None:  # no tally: no record this year
            return NONE, NONE
        return values[n:n + len(KINDS)], values[n + len(KINDS):-1]

    n = len(names)
    pk, level = names.index(model._meta.pk.attname), names.index("level")
    standing = names.index("is_standing")
    joined, left = names.index("joined_on"), names.index("left_on")
    # The tally's own columns, not with_counts' COALESCE: no per-value conversion.
    tally = [f"tally__c_{kind}" for kind in KINDS] + [f"tally__p_{kind}" for kind in KINDS]

    def judge(values) -> MemberYear:
        return verdicts.member_year(
            partial(build, values[:n]), values[level], values[standing], values[-1],
            *counts(values), constituents.get(values[pk], 0),
            verdicts.months(values[joined], values[left]),
        )

    rows = with_counts(members, year).annotate(t_exempt=exemption())
    return RowsAsRead(list(rows.values_list(*names, *tally, "t_exempt")), judge)


class RowsAsRead(Sequence):
    """`MemberYear`s made from rows of values as they are read, not kept: a run over every
    member of the city holds the rows, not an object graph per member that Python's
    cycle collector would walk again and again while it grows. Reading a row twice judges
    it twice, the same way."""

    def __init__(self, values: list[tuple], make):
        self.values, self.make = values, make

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.make(values) for values in self.values[index]]
        return self.make(self.values[index])

    def __iter__(self):
        return map(self.make, self.values)


class Verdicts:
    """A year's rules applied to members one by one. Which quotas bind a member depends on
    their level, standing and exemption alone (`QuotaRule.binds`), and the points a record
    earns on their level, so each is worked out once for each such kind of member rather
    than for each member: a run over the whole city judges tens of thousands of members
    against a handful of kinds."""

    def __init__(self, rules: list[QuotaRule], scoring: ScoringTable,
                 proration: ProrationRule, year: int):
        self.rules, self.scoring, self.proration, self.year = rules, scoring, proration, year
        self.none = {rule.pk: None for rule in rules}
        self._binding: dict[tuple, list[tuple[int, QuotaRule, int | None, int | None]]] = {}
        self._earning: dict[str, list[tuple[int, str, Decimal]]] = {}
        self._months: dict[tuple, int] = {}

    def months(self, joined_on, left_on) -> int:
        """Months of the year served (规范 第五条), once per pair of dates."""
        key = (joined_on, left_on)
        if key not in self._months:
            self._months[key] = self.proration.months_served(joined_on, left_on, self.year)
        return self._months[key]

    def binding(self, level: str, standing: bool, exempt: bool, months: int = 12) -> list:
        """(pk, rule, the place in KINDS of the kind it counts or None for constituents,
        its minimum prorated to `months` served or None when it is the rule's) of each
        rule that binds such a member."""
        key = (level, standing, exempt, months)
        if key not in self._binding:
            self._binding[key] = [
                (rule.pk, rule,
                 None if rule.measure == QuotaMeasure.CONSTITUENTS else KINDS.index(rule.kind),
                 None if months >= 12 else self.proration.due(rule.minimum, months))
                for rule in self.rules
                if rule.binds(level=level, standing=standing, exempt=exempt)
            ]
        return self._binding[key]

    def earning(self, level: str) -> list[tuple[int, str, Decimal]]:
        if level not in self._earning:
            self._earning[level] = self.scoring.earning(level)
        return self._earning[level]

    def member_year(self, member, level: str, standing: bool, exempt: bool,
                    confirmed: tuple[int, ...], unconfirmed: tuple[int, ...],
                    n_constituents: int, months: int = 12) -> MemberYear:
        """`member` may be a function that builds the member (see `MemberYear`); confirmed
        and unconfirmed records of each kind in the order of KINDS (those of the days the
        member served: `scoring.tallies`); `months` of the year served."""
        quotas = self.none.copy()  # rule pk -> None where the rule does not bind
        for pk, rule, kind, due in self.binding(level, standing, exempt, months):
            quotas[pk] = (QuotaProgress(rule, n_constituents, 0, due) if kind is None
                          else QuotaProgress(rule, confirmed[kind], unconfirmed[kind], due))
        points = {}
        for kind, category, each in self.earning(level):
            if count := confirmed[kind]:
                points[category] = points.get(category, 0) + each * count
        return MemberYear(member, quotas, confirmed, unconfirmed, points, months)

    def of(self, member, *, exempt: bool) -> MemberYear:
        """`member_year` of a member annotated with its counts (`with_counts`)."""
        return self.member_year(
            member, member.level, member.is_standing, exempt,
            tuple(getattr(member, name) for name in CONFIRMED),
            tuple(getattr(member, name) for name in PENDING), member.t_constituents,
            self.months(member.joined_on, member.left_on),
        )


@dataclass
class SectorYear:
    """A sector's collective quotas for a year (举措 三（三）): each kind at least once."""

    sector: object
    counts: dict[str, int]

    @property
    def items(self) -> list[tuple[str, str, int]]:
        return [(kind, label, self.counts[kind]) for kind, label in SectorActivityKind.choices]

    @property
    def missing(self) -> list[str]:
        return [label for kind, label, count in self.items if count < SECTOR_MINIMUM]

    @property
    def behind(self) -> bool:
        return bool(self.missing)


SECTOR_MINIMUM = 1  # 举措 三（三）: 每个界别每年至少…一次


def sector_status(*, sectors, year: int) -> list[SectorYear]:
    """Each sector's count of each kind of collective activity in `year`: one query."""
    start, end = year_bounds(year)
    counts = {
        f"s_{kind}": Count(
            "activities",
            filter=Q(activities__kind=kind, activities__date__gte=start, activities__date__lt=end),
        )
        for kind in SectorActivityKind.values
    }
    return [
        SectorYear(sector, {k: getattr(sector, f"s_{k}") for k in SectorActivityKind.values})
        for sector in sectors.select_related("convener").annotate(**counts)
    ]


# --- the same verdicts in SQL, for large tables -----------------------------------------

VISITS_KIND = DutyKind.COMMUNITY_ACTIVITY
VISITS_DEFAULT_MINIMUM = 2  # 规范 第五条: used only if staff have set no quota rule at all


def visits_quota(rules) -> tuple[QuotaRule | None, int, Q]:
    """The yearly community-visit quota among `rules` (规范 第五条; 举措 三（二）): the rule
    (None if staff set none), its minimum, and whom it binds as a filter on members."""
    rule = next(
        (r for r in rules if r.measure == QuotaMeasure.RECORDS and r.kind == VISITS_KIND), None
    )
    if rule is None:
        return None, VISITS_DEFAULT_MINIMUM, Q()
    return rule, rule.minimum, rule.applies_q()


class QuotaTable:
    """A year's quotas for a queryset of members, computed in the database.

    `annotate(members)` adds, per member: t_c_<kind>/t_p_<kind> (the tally, 0 if none),
    t_months (months of the year served, 规范 第五条), t_constituents, q_<rule pk> (the
    count the rule measures, -1 where it does not bind), t_lacking (quotas not met, each
    minimum prorated to the months served: `due`), pts_<category> and t_total (points).
    Sorting, the "behind" filter, paging and the chart's counts then run in SQL; `rows` turns
    the members of one page into the same `MemberYear` objects `quota_status` gives.
    """

    def __init__(self, year: int):
        self.year = year
        self.rules_year, self.rules, self.scoring = rules_for(year)
        self.proration = proration_for(year)

    @cached_property
    def categories(self) -> list[tuple[str, str]]:
        return self.scoring.categories()  # a table lives for one request, in one language

    def with_counts(self, members):
        """Only t_c_<kind>/t_p_<kind>: the member's tally of the year (0 if none), and
        t_months, the months of the year they served (规范 第五条)."""
        return with_counts(members, self.year).annotate(
            t_months=self.proration.months_expression(self.year)
        )

    def counted(self, members):
        """Only what `rows` reads: the tally's counts (`with_counts`) and t_constituents."""
        return with_counts(members, self.year).annotate(t_constituents=constituent_count())

    def due(self, minimum: int):
        """A quota's `minimum` prorated to each member's t_months (ProrationRule.due)."""
        return self.proration.due_expression(minimum)

    def annotate(self, members):
        members = self.with_counts(members).annotate(t_constituents=constituent_count())
        measured = {}
        lacking = []
        for rule in self.rules:
            count = F("t_constituents" if rule.measure == QuotaMeasure.CONSTITUENTS
                      else f"t_c_{rule.kind}")
            binds = rule.applies_q()
            measured[f"q_{rule.pk}"] = Case(When(binds, then=count), default=Value(-1))
            lacking.append(Case(When(binds & Q(**{f"q_{rule.pk}__lt": self.due(rule.minimum)}),
                                     then=Value(1)), default=Value(0)))
        members = members.annotate(**measured)
        points = self._points()
        members = members.annotate(
            t_lacking=_sum(lacking, Value(0)), **points,
            t_total=_sum([F(name) for name in points], _decimal(0)),
        )
        return members

    def _points(self) -> dict:
        """pts_<category>: Σ over kinds of count × the points of the member's level's rule."""
        levels = [value for value, _label in Level.choices]
        out = {}
        for category, _label in self.categories:
            terms = []
            for kind in KINDS:
                per_level = {
                    level: rule.points for level in levels
                    if (rule := self.scoring.rule_for(kind, level)) and rule.category == category
                }
                if not per_level:
                    continue
                factor = Case(
                    *[When(level=level, then=_decimal(p)) for level, p in per_level.items()],
                    default=_decimal(0),
                )
                terms.append(ExpressionWrapper(F(f"t_c_{kind}") * factor, output_field=POINTS))
            out[f"pts_{category}"] = _sum(terms, _decimal(0))
        return out

    def sort_expression(self, sort: str):
        """The ORDER BY of a column of the staff table (`scoring.pages.table_columns`)."""
        if sort == "level":
            return F("level")
        if sort == "district":
            return F("district__name")
        if sort == "total":
            return F("t_total")
        if sort == "behind":
            return F("t_lacking")
        if sort.startswith("q") and sort[1:].isdigit() and any(
            str(rule.pk) == sort[1:] for rule in self.rules
        ):
            return F(f"q_{sort[1:]}")
        if sort.startswith("c_") and any(c == sort[2:] for c, _l in self.categories):
            return F(f"pts_{sort[2:]}")
        return F("name")

    def ordered(self, members, sort: str, direction: str | None):
        expression = self.sort_expression(sort)
        descending = direction == "desc"
        primary = expression.desc(nulls_last=True) if descending else expression.asc()
        return members.order_by(primary, "pk")

    def behind(self, members):
        return members.filter(t_lacking__gt=0)

    def meeting(self, members) -> list[tuple[QuotaRule, int, int]]:
        """(rule, members meeting it, members it binds) for each quota: one query."""
        return self.summary(members)[1]

    def summary(self, members) -> tuple[int, list[tuple[QuotaRule, int, int]]]:
        """How many annotated members there are, and `meeting`'s counts: one pass, one query."""
        aggregates = {"n": Count("pk")}
        for rule in self.rules:
            binds = rule.applies_q()
            aggregates[f"bound_{rule.pk}"] = Count("pk", filter=binds)
            aggregates[f"met_{rule.pk}"] = Count(
                "pk", filter=binds & Q(**{f"q_{rule.pk}__gte": self.due(rule.minimum)})
            )
        found = members.order_by().aggregate(**aggregates)
        meeting = [(rule, found[f"met_{rule.pk}"], found[f"bound_{rule.pk}"])
                   for rule in self.rules]
        return found["n"], meeting

    def ordered_ids(self, members, sort: str, direction: str | None) -> list[int] | None:
        """The members' ids in the table's order when it sorts by a column of the member
        itself (the default, by name): read from the members alone (None otherwise)."""
        if sort not in MEMBER_SORTS:
            return None
        return list(self.ordered(members, sort, direction).values_list("pk", flat=True))

    def rows(self, members) -> list[MemberYear]:
        """`MemberYear` for each annotated member given (one page), in the given order."""
        verdicts = Verdicts(self.rules, self.scoring, self.proration, self.year)
        return [verdicts.of(member, exempt=member.is_exempt) for member in members]


MEMBER_SORTS = {"name", "level", "district"}  # columns of the member row, not of its tally


class TableRows:
    """One table's members for `Paginator`: `count()` is known, and `[a:b]` reads a page.

    `members` are scoped and filtered, not annotated. Given their ids in order (`ordered_ids`,
    not narrowed to the members behind), a page is its fifty ids joined to their tallies and
    the count is theirs; otherwise the database sorts the annotated set, `count` of them (from
    `summary`). Either way the rows come in the same order."""

    def __init__(self, table: QuotaTable, members, *, sort, direction, behind, count,
                 ids=None):
        self.table, self.members, self.sort, self.direction = table, members, sort, direction
        self.behind, self.ids = behind, ids
        self._count = count if ids is None else len(ids)

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, page: slice) -> list:
        members = self.members.select_related("sector", "district", "committee")
        if self.ids is None:
            annotated = self.table.annotate(members)
            if self.behind:
                annotated = self.table.behind(annotated)
            return list(self.table.ordered(annotated, self.sort, self.direction)[page])
        # Ordered already: the page's rows need only the counts `rows` judges them by, not
        # the verdicts in SQL that sorting by them needs.
        ids = self.ids[page]
        counted = self.table.counted(members)
        found = {member.pk: member for member in counted.filter(pk__in=ids).order_by()}
        return [found[pk] for pk in ids if pk in found]


def _sum(terms: list, zero):
    if not terms:
        return zero
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _decimal(value) -> Value:
    return Value(Decimal(value), output_field=POINTS)


POINTS = DecimalField(max_digits=10, decimal_places=1)
