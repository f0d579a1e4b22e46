"""规范 第八条 on a phone: the public workroom page, rendered by headless Chromium, shows
its Chinese text (the screenshot is for a human to look at the glyphs)."""

import pytest

from tests.conftest import fits_the_phone
from tests.receptions.public import plan_with_notice

SCREENSHOT = "/tmp/public_workroom_page.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_public_workroom_page_reads_in_chinese_on_a_phone(personas, live_server, phone_page):
    plan_with_notice(personas, extra_members=2, extra_receptions=1)
    violations = []
    phone_page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )

    phone_page.goto(f"{live_server.url}/workrooms/")
    phone_page.fill("input[name=q]", "北京")
    phone_page.click("button.primary")
    phone_page.click("text=北京街工作室")
    phone_page.wait_for_load_state()

    text = phone_page.locator("main").inner_text()
    assert "驻室政协委员" in text and "陈明" in text and "年度接待安排" in text
    assert "下载公告（PDF）" in text
    assert fits_the_phone(phone_page)
    # Real glyphs: a CJK string is as wide as its characters, not a row of zero-width boxes.
    width = phone_page.evaluate("""() => {
        const span = document.createElement('span'); span.textContent = '驻室政协委员';
        document.body.appendChild(span); const w = span.getBoundingClientRect().width;
        span.remove(); return w; }""")
    assert width > 6 * 10
    assert violations == []
    phone_page.screenshot(path=SCREENSHOT, full_page=True)
