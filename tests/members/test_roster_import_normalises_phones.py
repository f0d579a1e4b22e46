"""Full-width digits, spaces and +86 in phone numbers are normalised before validation."""

import pytest

from members.models import Member

from .roster import MEMBER_HEADER, csv_upload, import_members


@pytest.mark.django_db
def test_a_full_width_phone_with_spaces_is_stored_as_eleven_digits(personas):
    report = import_members(csv_upload(
        MEMBER_HEADER,
        "王五,区政协委员,越秀区,教育界,,否,,,,１３９ ０００１ １１１１,,",
        "赵六,区政协委员,越秀区,教育界,,否,,,,+86 139-0000-2222,,",
    ))
    assert report.ok, report.lines()
    assert Member.objects.get(name="王五").phone == "13900011111"
    assert Member.objects.get(name="赵六").phone == "13900002222"


@pytest.mark.django_db
def test_a_full_width_phone_matches_the_member_already_on_the_roster(personas):
    import_members(csv_upload(MEMBER_HEADER, "王五,区政协委员,越秀区,教育界,,否,,,,13900011111,,"))
    report = import_members(csv_upload(
        MEMBER_HEADER, "王五,区政协委员,越秀区,教育界,,否,,,校长,１３９０００１１１１１,,",
    ))
    assert (report.ok, report.created, report.updated) == (True, 0, 1)
    assert Member.objects.get(name="王五").post == "校长"
