"""规范 第八条 publishes names, photos, work units, posts and the plan — nothing else. The
public pages, feeds and the notice PDF must not show any private value (个人信息保护法)."""

import subprocess

import pytest

from members.models import Constituent, Sector
from tests.factories import MemberFactory
from tests.receptions.public import plan_with_notice

PRIVATE = {
    "member phone": "13900001111",
    "member email": "chenming.private@example.com",
    "exempt reason": "中联办住港澳委员（内部）",
    "member login": "chenming_login",
    "clerk login": "beijing_clerk",
    "clerk name": "张书记员",
    "clerk phone": "13800002222",
    "clerk email": "clerk.private@example.com",
    "constituent": "结对群众甲",
    "constituent phone": "13700003333",
}


@pytest.fixture
def private_world(personas):
    member = personas.member
    member.phone, member.email = PRIVATE["member phone"], PRIVATE["member email"]
    member.save()
    personas.member_user.username = PRIVATE["member login"]
    personas.member_user.save()
    clerk = personas.beijing_clerk
    clerk.display_name, clerk.phone, clerk.email = (
        PRIVATE["clerk name"],
        PRIVATE["clerk phone"],
        PRIVATE["clerk email"],
    )
    clerk.save()
    exempt = MemberFactory(
        name="豁免委员",
        exempt=True,
        exempt_reason=PRIVATE["exempt reason"],
        email="exempt.private@example.com",
        sector=Sector.objects.get(name="经济界"),
    )
    personas.beijing_room.members.add(exempt)
    Constituent.objects.create(
        member=member, name=PRIVATE["constituent"], phone=PRIVATE["constituent phone"]
    )
    receptions = plan_with_notice(personas)
    return personas, receptions, ["exempt.private@example.com", exempt.phone, *PRIVATE.values()]


def public_bodies(client, personas, receptions):
    room = personas.beijing_room.pk
    urls = [
        "/workrooms/",
        "/workrooms/?q=陈明",
        f"/workrooms/{room}/",
        f"/workrooms/{room}/?year=2027",
        f"/workrooms/{room}/calendar.ics",
        f"/workrooms/calendars/member/{personas.member.calendar_feed.token}.ics",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()
    notice = receptions[0].notices.get()
    pdf_text = subprocess.run(
        ["pdftotext", notice.pdf.path, "-"], capture_output=True, text=True
    ).stdout
    yield "notice pdf", pdf_text


def test_no_public_page_feed_or_notice_shows_a_private_value(private_world, client):
    personas, receptions, private_values = private_world

    for where, body in public_bodies(client, personas, receptions):
        assert "陈明" in body or where == "/workrooms/"  # the public facts are there
        for value in private_values:
            assert value not in body, f"{value!r} leaks on {where}"
