"""The Content-Security-Policy (django-csp) is sent everywhere and the pages live with it."""

import pytest

from .conftest import browser_login

ADMIN_PAGES = (
    "/admin/",
    "/admin/members/member/",
    "/admin/members/member/{member}/change/",
    "/admin/members/member/{member}/history/",
    "/admin/workrooms/workroom/add/",
)


def test_every_response_carries_a_policy_without_inline_script_or_style(client):
    policy = client.get("/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def violations_on(page) -> list[str]:
    found = []
    page.on("console", lambda msg: found.append(f"{page.url}: {msg.text}") if (
        "Content Security Policy" in msg.text) else None)
    return found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_home_and_admin_pages_break_no_rule_of_the_policy(
    personas, live_server, desktop_page
):
    found = violations_on(desktop_page)
    browser_login(desktop_page, live_server, "city")
    assert desktop_page.evaluate("() => htmx.config.includeIndicatorStyles") is False
    for path in ADMIN_PAGES:
        desktop_page.goto(live_server.url + path.format(member=personas.member.pk))
        assert desktop_page.locator("#content").count() == 1, path
    assert found == []
