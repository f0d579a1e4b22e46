"""On a phone, the municipal office picks which 三率 the districts' map shows; the map and
the table beside it fit the screen, and the definitions (口径) open under the table."""

import pytest

from ..cases.rates_data import rates_year
from ..conftest import browser_login, fits_the_phone

SHOT = "/tmp/reports_city_rates_phone.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_city_chooses_the_mapped_figure_on_a_phone(personas, live_server, phone_page):
    rates_year(personas)
    page = phone_page
    browser_login(page, live_server, "city")
    page.click("text=年度报告")
    page.wait_for_load_state()
    assert "各区响应率示意图" in page.locator("svg.rates-map title").text_content()
    page.select_option("#rates-figure", "satisfied")
    page.click(".rates-choice button")
    page.wait_for_load_state()
    assert "各区满意率示意图" in page.locator("svg.rates-map title").text_content()
    assert "样本不足" in page.locator("svg.rates-map").inner_html()
    page.locator("#rates ~ .rates-with-map details summary").click()
    assert "非常满意" in page.locator("#rates ~ .rates-with-map details").inner_text()
    assert fits_the_phone(page)
    page.screenshot(path=SHOT, full_page=True)
