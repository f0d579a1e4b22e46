"""A held reception at 北京街工作室 (越秀区北京街道) with 陈明 present, and the
departments its cases can go to. Dates are fixed in 2026 (the calendar covers it)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from cases.choices import DepartmentKind
from cases.models import Department, Topic, Visitor
from cases.services import activity_mark_held, activity_save, case_register
from scoring.choices import ActivityFormCode

from ..factories import district, town

DAY = dt.date(2026, 3, 16)  # the March reception (03-15 is a Sunday, moved on)
PHONE = "13812345678"
ADDRESS = "越秀区北京路123号5楼"


def held_activity(workroom, clerk, members, *, date=DAY, form=ActivityFormCode.RECEPTION_DAY):
    activity = activity_save(
        workroom=workroom, by=clerk, members=members,
        fields={"form_id": form, "date": date, "attendance": 12, "summary": "接待群众12人次"},
    )
    return activity_mark_held(activity=activity, by=clerk, today=date)


def new_case(activity, by, *, topic="城市建设与管理", visitor=None, town_name=None,
             content="小区门口路灯不亮", today=None):
    return case_register(
        activity=activity, by=by, topic=Topic.objects.get(name=topic),
        town=town(town_name) if town_name else activity.workroom.town, content=content,
        visitor=visitor, today=today or activity.date,
    )


@pytest.fixture
def ledger(personas):
    p = personas
    activity = held_activity(p.beijing_room, p.beijing_clerk, [p.member])
    visitor = Visitor.objects.create(
        activity=activity, name="王小明", phone=PHONE, address=ADDRESS, consent_to_contact=True
    )
    yuexiu = district("越秀区")
    return SimpleNamespace(
        p=p, activity=activity, visitor=visitor,
        case=new_case(activity, p.beijing_clerk, visitor=visitor),
        town_office=Department.objects.create(
            kind=DepartmentKind.TOWN_OFFICE, district=yuexiu, town=town("北京街道"),
            name="城市管理办公室",
        ),
        district_department=Department.objects.get(district=yuexiu, name="住房和城乡建设局"),
        petition_office=Department.objects.get(district=yuexiu, name="信访局"),
    )
