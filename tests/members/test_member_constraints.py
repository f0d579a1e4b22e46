"""The member record's invariants, with Chinese messages."""

import pytest
from django.core.exceptions import ValidationError

from members.choices import Level
from members.models import Constituent

from ..factories import ConstituentFactory, MemberFactory, committee


@pytest.mark.django_db
def test_a_district_member_must_name_their_district_cppcc():
    member = MemberFactory.build(level=Level.DISTRICT, district=None)
    with pytest.raises(ValidationError, match="区政协委员必须指定所属区政协"):
        member.full_clean()


@pytest.mark.django_db
def test_only_city_members_belong_to_a_special_committee():
    """举措 三（三）, 举措 四（一）: the special committees are the city CPPCC's."""
    member = MemberFactory.build(level=Level.DISTRICT, committee=committee())
    with pytest.raises(ValidationError, match="只有市政协委员可以归属专门委员会"):
        member.full_clean()
    MemberFactory.build(level=Level.CITY, committee=committee()).full_clean()


@pytest.mark.django_db
def test_the_same_name_and_phone_cannot_be_entered_twice():
    MemberFactory(name="张伟", phone="13800138000")
    duplicate = MemberFactory.build(name="张伟", phone="13800138000")
    with pytest.raises(ValidationError, match="不能重复登记"):
        duplicate.full_clean()


@pytest.mark.django_db
def test_two_members_without_phones_may_share_a_name():
    MemberFactory(name="张伟", phone="")
    MemberFactory.build(name="张伟", phone="").full_clean()


@pytest.mark.django_db
def test_a_malformed_phone_is_refused_in_chinese():
    with pytest.raises(ValidationError, match="电话号码格式不正确"):
        MemberFactory.build(phone="12345").full_clean()


@pytest.mark.django_db
def test_a_member_pairs_with_at_most_five_constituents():
    """举措 三（三）: each member pairs with 3–5 people of their sector."""
    member = MemberFactory()
    for _ in range(5):
        ConstituentFactory(member=member)
    sixth = Constituent(member=member, name="第六位")
    with pytest.raises(ValidationError, match="已满5名"):
        sixth.full_clean()
