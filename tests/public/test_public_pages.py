"""规范 第八条: the public, without logging in, finds workrooms and reads who serves there
and the year's reception plan; 规范 第九条: and downloads the next notice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.receptions.public import more_workrooms, plan_with_notice


def test_the_directory_lists_workrooms_by_district_and_town_without_login(personas, client):
    page = client.get("/workrooms/").content.decode()

    assert "越秀区" in page and "北京街道" in page and "北京街工作室" in page
    assert "荔湾区" in page and "华林街道" in page and "华林街工作室" in page


@pytest.mark.parametrize(
    "query, found, not_found",
    [
        ("华林", "华林街工作室", "北京街工作室"),
        ("陈明", "北京街工作室", "华林街工作室"),  # a member's name finds where they serve
        ("荔湾", "华林街工作室", "北京街工作室"),
    ],
)
def test_the_directory_search(personas, client, query, found, not_found):
    page = client.get("/workrooms/", {"q": query}).content.decode()

    assert f">{found}<" in page and f">{not_found}<" not in page


def test_the_directory_filters_by_district(personas, client):
    page = client.get(
        "/workrooms/", {"district": personas.beijing_room.town.district_id}
    ).content.decode()

    assert ">北京街工作室<" in page and ">华林街工作室<" not in page


def test_the_workroom_page_shows_members_plan_and_the_next_notice(personas, client):
    [reception] = plan_with_notice(personas)

    page = client.get(f"/workrooms/{personas.beijing_room.pk}/").content.decode()

    assert "陈明" in page and "广州某单位" in page and "主任" in page
    assert f"{reception.date.month}月{reception.date.day}日" in page
    assert "北京街党群服务中心" in page
    notice = reception.notices.get()
    assert f"/workrooms/notices/{notice.pk}.pdf" in page
    assert "订阅日历" in page


def test_the_notice_pdf_downloads_without_login(personas, client):
    [reception] = plan_with_notice(personas)

    response = client.get(f"/workrooms/notices/{reception.notices.get().pk}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_inactive_workroom_has_no_public_page(personas, client):
    personas.hualin_room.active = False
    personas.hualin_room.save()

    assert client.get(f"/workrooms/{personas.hualin_room.pk}/").status_code == 404
    assert ">华林街工作室<" not in client.get("/workrooms/").content.decode()


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_directory_makes_the_same_number_of_queries_for_2_or_20_workrooms(personas, client):
    two = queries(client, "/workrooms/")
    more_workrooms(18)

    assert queries(client, "/workrooms/") == two
    assert queries(client, "/workrooms/?q=工作室") == queries(client, "/workrooms/?q=北京")


def test_the_workroom_page_makes_the_same_number_of_queries_for_2_or_20_rows(personas, client):
    plan_with_notice(personas, extra_members=1, extra_receptions=1)
    url = f"/workrooms/{personas.beijing_room.pk}/"
    two = queries(client, url)
    plan_with_notice(personas, extra_members=18, extra_receptions=18)

    assert queries(client, url) == two


def test_the_calendar_feeds_make_the_same_number_of_queries_for_2_or_20_receptions(
    personas, client
):
    plan_with_notice(personas, extra_members=1, extra_receptions=1)
    token = personas.member.calendar_feed.token
    urls = [
        f"/workrooms/{personas.beijing_room.pk}/calendar.ics",
        f"/workrooms/calendars/member/{token}.ics",
    ]
    two = [queries(client, url) for url in urls]
    plan_with_notice(personas, extra_members=18, extra_receptions=18)

    assert [queries(client, url) for url in urls] == two
