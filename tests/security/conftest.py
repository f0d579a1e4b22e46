"""A visitor with a case at 北京街工作室 (越秀区), and one at 华林街工作室 (荔湾区)."""

from types import SimpleNamespace

import pytest

from cases.models import Topic
from cases.services import visitor_register

from ..cases.conftest import DAY, held_activity

PHONE = "13812345678"
ADDRESS = "越秀区北京路123号5楼"


def register(activity, clerk, *, name, phone, address, content, consent=True):
    cases = visitor_register(
        activity=activity, by=clerk, today=DAY,
        visitor={"name": name, "phone": phone, "address": address,
                 "consent_to_contact": consent},
        cases=[{"topic": Topic.objects.get(name="城市建设与管理"),
                "town": activity.workroom.town, "content": content}],
    )
    return cases[0]


@pytest.fixture
def visitors(personas):
    p = personas
    here = held_activity(p.beijing_room, p.beijing_clerk, [p.member])
    there = held_activity(p.hualin_room, p.hualin_clerk, [p.other_member])
    case = register(here, p.beijing_clerk, name="王小明", phone=PHONE, address=ADDRESS,
                    content="小区门口路灯不亮")
    other = register(there, p.hualin_clerk, name="赵秘密", phone="13700007777",
                     address="荔湾区秘密路8号", content="华林街秘密诉求内容")
    return SimpleNamespace(p=p, activity=here, case=case, visitor=case.visitor,
                           other_activity=there, other_case=other, other_visitor=other.visitor)
