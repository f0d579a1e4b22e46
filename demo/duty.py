"""Demo step (`load_demo`): a year of duty records and sector activities, so that 我的履职,
履职统计 and the sector page look like a real year: most members part way, some done,
some behind, a few records still waiting for staff to confirm them."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from members.choices import Level
from members.models import Member, Sector
from scoring.choices import ActivityFormCode, DutyKind, RecordSource, SectorActivityKind
from scoring.models import DutyRecord, SectorActivity
from scoring.tallies import tallies_rebuild

DEMO_MEMBER_NAME = "陈明远"  # the member behind the `member` login (demo.foundation)
TOPICS = (
    "老旧小区加装电梯", "社区居家养老服务", "垃圾分类投放点设置", "中小学课后服务",
    "城中村消防安全", "社区停车难", "菜市场升级改造", "社区卫生服务中心建设",
    "河涌水环境治理", "新就业形态劳动者权益", "外卖骑手交通安全", "历史文化街区活化",
)
# (kind, how many a member has at most, title pattern)
CITY_KINDS = (
    (DutyKind.PROPOSAL, 2, "关于{topic}的提案"),
    (DutyKind.SOCIAL_REPORT, 2, "关于{topic}的社情民意信息"),
    (DutyKind.COMMITTEE_RESEARCH, 2, "专委会{topic}专题调研"),
    (DutyKind.GRASSROOTS, 2, "下基层服务：{topic}"),
    (DutyKind.CONSULTATION, 1, "“有事好商量”协商：{topic}"),
    (DutyKind.ONLINE, 1, "穗协通网络议政：{topic}"),
)


def load(*, rng: random.Random, stdout) -> None:
    today = timezone.localdate()
    members = list(Member.objects.active().select_related("sector"))
    records: list[tuple[DutyRecord, list[Member]]] = []
    for member in members:
        records += _year_of(member, members, rng, today)
    _save(records)
    _sector_year(rng, today)
    stdout.write(f"  履职记录 {len(records)} 条")


def _year_of(member, members, rng, today) -> list:
    out = []
    visits = rng.choice((0, 1, 1, 2, 2, 2, 3)) if not member.is_exempt else 0
    for _ in range(visits):  # 规范 第五条, 规范 第十条
        form = rng.choice(ActivityFormCode.values)
        out.append(_record(DutyKind.COMMUNITY_ACTIVITY, member, rng, today, "进社区履职：{topic}",
                           activity_form=form))
    if member.level != Level.CITY:
        return out
    for kind, most, pattern in CITY_KINDS:
        for _ in range(rng.randint(0, most)):
            entry = _record(kind, member, rng, today, pattern)
            if kind in (DutyKind.PROPOSAL, DutyKind.SOCIAL_REPORT) and rng.random() < 0.4:
                entry[1].extend(_coauthors(member, members, rng))  # 举措 三（一）: joint ones
            out.append(entry)
    if member.is_standing and rng.random() < 0.6:
        out.append(_record(
            DutyKind.STANDING_DELIBERATION, member, rng, today, "常委会专题议政：{topic}"
        ))
    return out


def _record(kind, member, rng, today, pattern, activity_form=""):
    day = _day(rng, today)
    record = DutyRecord(
        kind=kind, title=pattern.format(topic=rng.choice(TOPICS)), date=day,
        activity_form_id=activity_form or None, source=RecordSource.MANUAL,
        confirmed=rng.random() < 0.85
        or (member.name == DEMO_MEMBER_NAME and kind == DutyKind.PROPOSAL),
        evidence="演示数据",
    )
    return record, [member]


def _coauthors(member, members, rng) -> list:
    peers = [m for m in members if m.sector_id == member.sector_id and m.pk != member.pk
             and m.level == Level.CITY]
    return rng.sample(peers, min(len(peers), rng.randint(1, 3)))


def _day(rng, today) -> dt.date:
    start = dt.date(today.year, 1, 1)
    return start + dt.timedelta(days=rng.randint(0, (today - start).days))


def _save(records) -> None:
    """Bulk: thousands of rows in a few statements (the demo runs on an empty database)."""
    created = DutyRecord.objects.bulk_create([record for record, _m in records])
    through = DutyRecord.members.through
    through.objects.bulk_create([
        through(dutyrecord_id=record.pk, member_id=member.pk)
        for record, (_r, members) in zip(created, records, strict=True)
        for member in dict.fromkeys(members)
    ])
    tallies_rebuild(years={record.date.year for record in created})  # bulk: no signals


def _sector_year(rng, today) -> None:
    """举措 三（三）: some sectors have done all four kinds, most part of them."""
    sectors = list(Sector.objects.filter(exempt_from_community_duty=False))
    activities = []
    for sector in sectors:
        for kind, label in SectorActivityKind.choices:
            if rng.random() < 0.6:
                activities.append(SectorActivity(
                    sector=sector, kind=kind, date=_day(rng, today),
                    title=f"{sector.name}{label}：{rng.choice(TOPICS)}",
                ))
    SectorActivity.objects.bulk_create(activities)
    demo = Member.objects.filter(name=DEMO_MEMBER_NAME).select_related("sector").first()
    if demo is not None and demo.sector.convener_id is None:
        Sector.objects.filter(pk=demo.sector_id).update(convener=demo)  # show the convener's page
