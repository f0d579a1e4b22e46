"""`manage.py load_demo`: a demo on an empty database, never twice."""

from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from accounts.choices import Role
from accounts.models import User
from demo.foundation import DEMO_LOGINS
from members.choices import Level
from members.models import Constituent, Member
from regions.models import District, DistrictConvener, Town
from workrooms.choices import WorkroomKind
from workrooms.models import Workroom


def load_demo() -> str:
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo is loaded once for this module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_demo_prints_one_login_per_role_with_its_password(demo):
    for login in DEMO_LOGINS:
        assert login.username in demo and login.password in demo
    assert {login.role for login in DEMO_LOGINS} == set(Role.values)


def test_demo_logins_work_and_must_change_their_password(demo):
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert user.check_password(login.password)
        assert user.must_change_password
        assert user.role == login.role
        validate_password(login.password, user)


def test_demo_member_login_is_linked_to_a_city_member_serving_in_a_workroom(demo):
    member = Member.objects.get(user__username="member")
    assert member.level == Level.CITY and member.committee.name == "经济委员会"
    assert member.workrooms.filter(clerk__username="beijing_clerk").exists()


def test_demo_spreads_members_over_levels_sectors_and_committees(demo):
    assert Member.objects.count() >= 300
    for level in Level.values:
        assert Member.objects.filter(level=level).exists()
    assert Member.objects.filter(level=Level.CITY).count() >= 100
    assert not Member.objects.exclude(level=Level.CITY).filter(committee__isnull=False).exists()
    assert Member.objects.values("sector").distinct().count() >= 20
    assert Member.objects.filter(is_standing=True).exists()


def test_demo_has_exempt_members_by_sector_and_individually(demo):
    # 规范 第五条
    assert Member.objects.filter(sector__name="特邀香港人士").exists()
    assert Member.objects.filter(exempt=True, exempt_reason="中联办住港澳委员").count() >= 2
    assert Member.objects.exempt().count() < Member.objects.count() // 10


def test_demo_has_workrooms_of_every_kind_in_every_district(demo):
    for district in District.objects.all():
        rooms = Workroom.objects.filter(town__district=district)
        assert rooms.count() >= 3, district
        assert set(rooms.values_list("kind", flat=True)) == set(WorkroomKind.values)
    for room in Workroom.objects.all():
        assert 2 <= room.members.count() <= 6, room


def test_demo_fills_conveners_and_town_leads(demo):
    # 规范 第七条
    assert DistrictConvener.objects.count() == 2 * District.objects.count()
    assert not Town.objects.filter(lead_name="").exists()


def test_demo_pairs_three_to_five_constituents(demo):
    # 举措 三（三）
    counts = Member.objects.filter(constituents__isnull=False).distinct()
    assert counts.count() >= 50
    for member in counts:
        assert 3 <= member.constituents.count() <= 5
    assert Constituent.objects.filter(member__user__username="member").exists()


def test_demo_run_twice_duplicates_nothing(demo):
    before = (Member.objects.count(), Workroom.objects.count(), User.objects.count())
    again = load_demo()
    assert "不重复加载" in again
    assert (Member.objects.count(), Workroom.objects.count(), User.objects.count()) == before

