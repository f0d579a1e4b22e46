"""规范 第十二条: the date a member wants the district's answer by is still ahead, within a
year; a date in 1999 or 2030 is refused in Chinese and nothing is asked."""

import datetime as dt

import pytest
from django.utils import timezone

from members.models import GuidanceRequest

from .test_a_member_asks_the_district_for_guidance_and_is_answered import ask


@pytest.mark.parametrize("wanted_by", [dt.date(1999, 1, 1), dt.date(2030, 1, 1),
                                       timezone.localdate() - dt.timedelta(days=1)])
def test_a_date_past_or_years_ahead_is_refused(client, personas, wanted_by):
    response = ask(client, personas, wanted_by=wanted_by)

    assert "希望的日期应在今天到一年之内。" in response.content.decode()
    assert not GuidanceRequest.objects.exists()
