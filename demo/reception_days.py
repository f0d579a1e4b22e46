"""Demo step (`load_demo`): plans the current and the next year for the demo workrooms, with
a few rules and events to show 顺延, and puts members on duty so the public pages have
names."""

import datetime as dt
import random

from django.utils import timezone

from receptions.choices import Ordinal, Weekday
from receptions.models import DistrictReceptionRule, ImportantEvent, Reception
from receptions.services import notice_publish_due, reception_plan_year
from regions.models import District


def load(*, rng: random.Random, stdout) -> None:
    today = timezone.localdate()
    _rules_and_events(today.year + 1)
    for year in (today.year, today.year + 1):
        result = reception_plan_year(year=year, today=today)
        stdout.write(f"  {result.summary()}")
        if not result.covered:
            stdout.write(f"  注意：{result.warnings[0]}")
    _members_on_duty(rng)
    notices = notice_publish_due(today=today)
    stdout.write(f"  接待公告 {len(notices)} 份")


def _rules_and_events(year: int) -> None:
    """本地演示设置: not from the documents, only to show what districts can set."""
    DistrictReceptionRule.objects.get_or_create(
        district=District.objects.get(name="天河区"),
        defaults={"ordinal": Ordinal.SECOND, "weekday": Weekday.WEDNESDAY},
    )
    DistrictReceptionRule.objects.get_or_create(
        district=District.objects.get(name="番禺区"),
        defaults={"day_of_month": 10, "weekends_count_as_working": True},
    )
    ImportantEvent.objects.get_or_create(
        date=dt.date(year, 1, 15),
        district=None,
        defaults={"title": "市政协全体会议（演示）"},
    )
    ImportantEvent.objects.get_or_create(
        date=dt.date(year, 7, 15),
        district=District.objects.get(name="越秀区"),
        defaults={"title": "区政协常委会议（演示）"},
    )


def _members_on_duty(rng: random.Random) -> None:
    """One or two of the workroom's own members on duty at each reception."""
    Duty = Reception.members.through
    rows = []
    receptions = (
        Reception.objects.filter(members=None).order_by("pk").prefetch_related("workroom__members")
    )
    for reception in receptions:
        serving = sorted(reception.workroom.members.all(), key=lambda member: member.pk)
        for member in rng.sample(serving, min(len(serving), rng.randint(1, 2))):
            rows.append(Duty(reception_id=reception.pk, member_id=member.pk))
    Duty.objects.bulk_create(rows, ignore_conflicts=True)
