"""The plan page and the poster answer for last year, this year or next (规范 第九条,
规范 第八条); any other `year` a link or a hand may carry (superscript digits, circled
numbers, 5,000 nines) shows this year instead of failing."""

import pytest
from django.urls import reverse

from .poster import poster_get


@pytest.mark.parametrize("year", ["²", "①", "9" * 5000, "1999", "abc"])
def test_the_poster_and_the_plan_show_this_year(client, personas, year):
    assert poster_get(client, personas.beijing_clerk, personas.beijing_room,
                      year=year).status_code == 200
    assert client.get(reverse("receptions:plan"), {"year": year}).status_code == 200
