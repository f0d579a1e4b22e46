"""On a phone (headless Chromium), the clerk's two-box picker of a reception's 当值委员 (the
admin's filter_horizontal, drawn by its script from the JavaScript catalogue) is all in
Chinese: its titles, help, buttons and search boxes."""

import datetime as dt

import pytest

from receptions.choices import ReceptionStatus
from receptions.models import Reception

from ..conftest import browser_login
from ..core.test_every_page_is_in_chinese import english_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_member_picker_of_a_reception_is_in_chinese(personas, live_server, phone_page):
    reception = Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=dt.date(2026, 3, 15),
        date=dt.date(2026, 3, 16), place="北京街工作室", status=ReceptionStatus.PLANNED,
    )
    page = phone_page
    browser_login(page, live_server, "beijing_clerk")
    page.goto(f"{live_server.url}/admin/receptions/reception/{reception.pk}/change/")
    picker = page.locator("div.selector")
    picker.wait_for()
    html = picker.inner_html()
    assert "陈明" in html  # the workroom's member, offered
    assert "全部选择" in html and "选中" in html
    assert english_in(html, set()) == set()
