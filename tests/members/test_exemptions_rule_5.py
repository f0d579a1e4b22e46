"""规范 第五条: members of Guangzhou, national and provincial ones living here included, take part
in community work at least twice a year — except, for now, 港澳界别委员 and 中联办住港澳委员."""

import pytest
from django.core.exceptions import ValidationError

from members.choices import Level, MemberStatus
from members.models import Member, Sector

from ..factories import MemberFactory


@pytest.mark.django_db
def test_the_hong_kong_and_macao_sectors_are_seeded_exempt():
    exempt = set(
        Sector.objects.filter(exempt_from_community_duty=True).values_list("name", flat=True)
    )
    assert exempt == {"特邀香港人士", "特邀澳门人士"}


@pytest.mark.django_db
def test_a_member_of_an_exempt_sector_owes_no_community_duty():
    hk = MemberFactory(sector=Sector.objects.get(name="特邀香港人士"), level=Level.CITY)
    ordinary = MemberFactory(level=Level.CITY)
    assert hk.is_exempt and not ordinary.is_exempt
    assert list(Member.objects.owing_community_duty()) == [ordinary]


@pytest.mark.django_db
def test_an_individual_exemption_needs_a_reason():
    member = MemberFactory.build(exempt=True, exempt_reason="")
    with pytest.raises(ValidationError, match="须填写原因"):
        member.full_clean()
    member.exempt_reason = "中联办住港澳委员"
    member.full_clean()
    member.save()
    assert member.is_exempt
    assert not Member.objects.owing_community_duty().filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_national_and_provincial_members_living_in_guangzhou_owe_community_duty():
    national = MemberFactory(level=Level.NATIONAL, district=None)
    provincial = MemberFactory(level=Level.PROVINCIAL, district=None)
    assert set(Member.objects.owing_community_duty()) == {national, provincial}


@pytest.mark.django_db
def test_members_who_left_owe_nothing():
    MemberFactory(status=MemberStatus.LEFT)
    assert not Member.objects.owing_community_duty().exists()
