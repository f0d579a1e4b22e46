"""Demo step (`load_demo`): this year's workroom inspections (规范 第十五条) in three
districts, each workroom's budget line in 越秀区 (规范 第十六条), and 越秀区's yearly report as
a draft with its narrative begun (规范 第十四条)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from demo.foundation import DEMO_DISTRICT
from regions.models import District
from reports.choices import InspectingBody, InspectionRating
from reports.models import WorkroomInspection
from reports.services import report_draft_create, report_narrative_update
from workrooms.models import Workroom, WorkroomBudget

FINDINGS = {
    InspectionRating.EXCELLENT: ("台账完整，接待日按时举行，公告提前张贴。", ""),
    InspectionRating.GOOD: ("接待日按时举行；个别活动照片未归档。", "补齐活动照片并归档。"),
    InspectionRating.PASS: ("两次接待公告张贴不足3天；来访登记缺联系方式。",
                            "接待前3天张贴公告（规范 第九条）；完善来访登记。"),
    InspectionRating.FAIL: ("上半年两次接待日未举行，台账缺失。",
                            "按规范 第九条恢复单月15日接待，补建台账，三个月内复查。"),
}
RATINGS = list(FINDINGS)
WEIGHTS = (3, 4, 2, 1)


def load(*, rng: random.Random, stdout) -> None:
    today = timezone.localdate()
    year = today.year
    districts = list(District.objects.filter(name__in=[DEMO_DISTRICT, "天河区", "海珠区"]))
    workrooms = list(
        Workroom.objects.filter(town__district__in=districts).select_related("town__district")
    )
    city = User.objects.filter(role=Role.CITY).first()
    made = 0
    for workroom in workrooms:
        if rng.random() < 0.3:
            continue
        _inspection(rng, workroom, year, today, city)
        made += 1
    district = District.objects.get(name=DEMO_DISTRICT)
    for workroom in workrooms:
        if workroom.town.district_id == district.pk:
            WorkroomBudget.objects.get_or_create(workroom=workroom, year=year, defaults={
                "amount": rng.choice((20000, 30000, 50000)), "town": workroom.town,
                "note": "场地、资料印制和接待保障"})
    report = report_draft_create(district=district, year=year)
    staff = User.objects.filter(role=Role.DISTRICT, district=district).first()
    if staff is not None:
        report_narrative_update(
            report=report, by=staff,
            achievements="全区工作室按单月15日接待群众，委员进社区实现全覆盖。",
            problems="", plans="",
        )
    stdout.write(f"  年度报告：{made} 次工作室检查，{district.name}{year}年度报告草稿。")


def _inspection(rng, workroom, year: int, today: dt.date, city) -> WorkroomInspection:
    rating = rng.choices(RATINGS, weights=WEIGHTS)[0]
    findings, follow_up = FINDINGS[rating]
    start = dt.date(year, 3, 1)
    span = max(0, (min(today, dt.date(year, 11, 30)) - start).days)
    by_city = rng.random() < 0.3
    return WorkroomInspection.objects.create(
        workroom=workroom, year=year,
        date=start + dt.timedelta(days=rng.randint(0, span)) if today >= start else today,
        body=InspectingBody.CITY if by_city else InspectingBody.DISTRICT,
        inspectors="市政协联络委督导组" if by_city else f"{workroom.town.district.name}政协督导组",
        findings=findings, rating=rating, follow_up=follow_up,
        follow_up_done=bool(follow_up) and rng.random() < 0.5,
        entered_by=city if by_city else None,
    )
