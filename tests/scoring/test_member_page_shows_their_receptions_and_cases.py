"""A member's page (我的履职) lists their next reception days and the cases they took on:
parts that receptions and cases add to scoring's page, which imports neither."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from cases.models import Topic
from cases.services import activity_mark_held, activity_save, case_register
from receptions.models import Reception
from scoring.choices import ActivityFormCode

HELD = dt.date(2026, 3, 16)


def test_the_member_page_lists_their_next_reception_and_a_case_they_took_on(client, personas):
    p = personas
    soon = timezone.localdate() + dt.timedelta(days=10)
    reception = Reception.objects.create(workroom=p.beijing_room, nominal_date=soon, date=soon,
                                         place="北京街工作室二楼")
    reception.members.add(p.member)
    activity = activity_save(workroom=p.beijing_room, by=p.beijing_clerk, members=[p.member],
                             fields={"form_id": ActivityFormCode.RECEPTION_DAY, "date": HELD,
                                     "attendance": 5, "summary": "接待群众5人次"})
    activity_mark_held(activity=activity, by=p.beijing_clerk, today=HELD)
    case = case_register(activity=activity, by=p.beijing_clerk, town=p.beijing_room.town,
                         topic=Topic.objects.get(name="城市建设与管理"),
                         content="小区门口路灯不亮", visitor=None, today=HELD)
    case.members.add(p.member)

    client.force_login(p.member_user)
    page = client.get(reverse("scoring:me")).content.decode()

    assert "北京街工作室二楼" in page
    assert "小区门口路灯不亮" in page
