"""One scoping verb, every role: each persona sees exactly its own scope."""

import pytest

from members.models import Constituent, Member
from regions.models import District, Town
from workrooms.models import Workroom

from ..factories import ConstituentFactory

# persona -> (members seen, workrooms seen) by name
EXPECTED = {
    "city": ({"陈明", "李华"}, {"北京街工作室", "华林街工作室"}),
    "yuexiu_staff": ({"陈明"}, {"北京街工作室"}),
    "liwan_staff": ({"李华"}, {"华林街工作室"}),
    "tianhe_staff": (set(), set()),
    "beijing_lead": ({"陈明"}, {"北京街工作室"}),
    "beijing_clerk": ({"陈明"}, {"北京街工作室"}),
    "hualin_clerk": ({"李华"}, {"华林街工作室"}),
    "economy_staff": ({"陈明"}, {"北京街工作室"}),
    "agri_staff": (set(), set()),
    "member_user": ({"陈明"}, {"北京街工作室"}),
    "other_member_user": ({"李华"}, {"华林街工作室"}),
    "useradmin": (set(), set()),
    "auditor": (set(), set()),
    "nobody": (set(), set()),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_sees_only_its_own_members_and_workrooms(personas, persona):
    user = getattr(personas, persona)
    members, workrooms = EXPECTED[persona]
    assert set(Member.objects.for_user(user).values_list("name", flat=True)) == members
    assert set(Workroom.objects.for_user(user).values_list("name", flat=True)) == workrooms


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_constituents_follow_their_member_scope(personas, persona):
    ConstituentFactory(member=personas.member, name="王群众")
    ConstituentFactory(member=personas.other_member, name="赵群众")
    user = getattr(personas, persona)
    seen = set(Constituent.objects.for_user(user).values_list("member__name", flat=True))
    assert seen == EXPECTED[persona][0]


def test_anonymous_and_inactive_users_see_nothing(personas):
    from django.contrib.auth.models import AnonymousUser

    assert not Member.objects.for_user(AnonymousUser()).exists()
    personas.city.is_active = False
    assert not Member.objects.for_user(personas.city).exists()


def test_district_staff_see_their_towns_only(personas):
    towns = Town.objects.for_user(personas.yuexiu_staff)
    assert towns.count() == 18  # 越秀区 has 18 streets (NBS 2023)
    assert not towns.exclude(district__name="越秀区").exists()
    staff = personas.yuexiu_staff
    assert list(District.objects.for_user(staff)) == [staff.district]


def test_a_member_serving_in_two_districts_is_not_duplicated(personas):
    personas.hualin_room.members.add(personas.member)
    assert Member.objects.for_user(personas.city).filter(name="陈明").count() == 1
    seen = Member.objects.for_user(personas.liwan_staff)
    assert sorted(seen.values_list("name", flat=True)) == ["李华", "陈明"]
