"""Shared fixtures: the named personas of every role (STYLE.md, scope and permissions)."""

import json
import os
from types import SimpleNamespace

import pytest

from accounts.choices import Role
from members.choices import Level

from .factories import MemberFactory, UserFactory, WorkroomFactory, committee, district, town

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Rows the migrations seeded (districts, towns, sectors, holidays, rules), kept to give them
# back to tests on real transactions (browser, worker): Django empties every table after
# each such test. Django's own serialized_rollback cannot do it here: once Playwright runs,
# the test sees another connection object, one without the saved rows.
SEEDED_ROWS: dict[str, str] = {}
# The session's database blocker, and whether the audit trail's guard is lifted right now.
DATABASE_ACCESS: dict[str, object] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    DATABASE_ACCESS["blocker"] = django_db_blocker
    with django_db_blocker.unblock():
        rows = json.loads(connection.creation.serialize_db_to_string())
    # Content types and permissions are recreated by the flush itself.
    skip = {"contenttypes.contenttype", "auth.permission"}
    SEEDED_ROWS["default"] = json.dumps([row for row in rows if row["model"] not in skip])


def _on_a_real_transaction(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    uses = {"transactional_db", "live_server"} & set(request.fixturenames)
    return bool((marker and marker.kwargs.get("transaction")) or uses)


@pytest.fixture(autouse=True)
def _seeded_rows_in_transactional_tests(request, django_db_blocker):
    if not _on_a_real_transaction(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(SEEDED_ROWS["default"])
    yield
    # Django then empties every table (flush), the audit trail too, which the database
    # refuses (audit/triggers.py): the guard is lifted for that flush only, as the last
    # step before it, and put back by pytest_runtest_teardown below, before the next test.
    from audit.triggers import guard_remove

    with django_db_blocker.unblock():
        guard_remove(connection)
    DATABASE_ACCESS["guard_lifted"] = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        # After the last test the test database is gone already (session teardown).
        if DATABASE_ACCESS.pop("guard_lifted", False) and nextitem is not None:
            from django.db import connection

            from audit.triggers import guard_install

            with DATABASE_ACCESS["blocker"].unblock():
                guard_install(connection)
                # Closed again, as Django closes its own after such a test: after a browser
                # test the next tests did not reuse it, and it kept the test database from
                # being dropped at the end.
                connection.close()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (Django's default one lives in the process), so
    nothing one test cached is found by the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """Django's clock, stopped: it moves only when the test moves it, clock(minutes=29).

    Time-dependent tests use it so that a slow or loaded machine (wall time passing between
    two requests) cannot change what they see."""
    import datetime as dt

    from django.utils import timezone

    start = timezone.now()
    offset = dt.timedelta()

    def advance(**delta):
        nonlocal offset
        offset += dt.timedelta(**delta)
        return start + offset

    monkeypatch.setattr(timezone, "now", lambda: start + offset)
    return advance


@pytest.fixture
def cached_pages(settings, monkeypatch):
    """The pages' cache on (CACHED_PAGE_SECONDS as in production) and its clock moved only
    by the test: cached_pages.wait(seconds) makes that much time pass for the cache's
    entries (the local-memory cache of the tests, as Redis's own expiry would)."""
    import time

    from django.core.cache.backends import base, locmem

    from config.settings import base as production

    settings.CACHED_PAGE_SECONDS = production.CACHED_PAGE_SECONDS
    offset = 0.0

    def wait(seconds: float) -> None:
        nonlocal offset
        offset += seconds

    shifted = SimpleNamespace(time=lambda: time.time() + offset)
    monkeypatch.setattr(base, "time", shifted)
    monkeypatch.setattr(locmem, "time", shifted)
    return SimpleNamespace(seconds=settings.CACHED_PAGE_SECONDS, wait=wait)


@pytest.fixture
def personas(db):
    """Two of everything, one in scope and one outside it.

    越秀区 holds 北京街道 with the 北京街 workroom; 荔湾区 holds 华林街道 with the 华林街
    workroom. 天河区 staff have neither.
    """
    yuexiu, liwan, tianhe = district("越秀区"), district("荔湾区"), district("天河区")
    beijing, hualin = town("北京街道"), town("华林街道")
    p = SimpleNamespace()
    p.city = UserFactory(username="city", role=Role.CITY, display_name="市政协办公厅")
    p.yuexiu_staff = UserFactory(username="yuexiu", role=Role.DISTRICT, district=yuexiu)
    p.liwan_staff = UserFactory(username="liwan", role=Role.DISTRICT, district=liwan)
    p.tianhe_staff = UserFactory(username="tianhe", role=Role.DISTRICT, district=tianhe)
    p.beijing_lead = UserFactory(
        username="beijing_lead", role=Role.TOWN, town=beijing, district=yuexiu
    )
    p.beijing_clerk = UserFactory(
        username="beijing_clerk", role=Role.CLERK, town=beijing, district=yuexiu
    )
    p.hualin_clerk = UserFactory(
        username="hualin_clerk", role=Role.CLERK, town=hualin, district=liwan
    )
    p.economy_staff = UserFactory(
        username="economy", role=Role.COMMITTEE, committee=committee("经济委员会")
    )
    p.agri_staff = UserFactory(
        username="agri", role=Role.COMMITTEE, committee=committee("农业和农村委员会")
    )
    p.useradmin = UserFactory(username="useradmin", role=Role.USER_ADMIN)
    p.auditor = UserFactory(username="auditor", role=Role.AUDITOR)
    p.nobody = UserFactory(username="nobody", role="")

    p.member_user = UserFactory(username="member", role=Role.MEMBER)
    p.member = MemberFactory(
        name="陈明", level=Level.CITY, district=yuexiu, committee=committee("经济委员会"),
        user=p.member_user,
    )
    p.other_member_user = UserFactory(username="member2", role=Role.MEMBER)
    p.other_member = MemberFactory(
        name="李华", level=Level.DISTRICT, district=liwan, user=p.other_member_user,
    )
    p.beijing_room = WorkroomFactory(name="北京街工作室", town=beijing, clerk=p.beijing_clerk)
    p.beijing_room.members.add(p.member)
    p.hualin_room = WorkroomFactory(name="华林街工作室", town=hualin, clerk=p.hualin_clerk)
    p.hualin_room.members.add(p.other_member)
    return p


CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium driven by Playwright (it cannot download its own here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(chromium):
    """A phone-sized page (iPhone-class viewport, touch)."""
    context = chromium.new_context(
        viewport={"width": PHONE_WIDTH, "height": 844}, is_mobile=True, has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


PHONE_WIDTH = 390  # an iPhone-class viewport


def fits_the_phone(page) -> bool:
    """Nothing on the page forces sideways scrolling on a phone."""
    return page.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH


def browser_login(page, live_server, username, password="Test-Passw0rd!"):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_load_state()


@pytest.fixture
def mock_wecom(settings):
    """粤政易's local stand-in (wecom.mock) on a free port, and the settings pointed at it as
    they would be at the real one. Sign-in and messages stay off until a test turns them on
    (WECOM_SIGN_IN, WECOM_MESSAGES)."""
    from wecom.mock import MockWeCom

    mock = MockWeCom()
    url = mock.start()
    settings.WECOM_CORP_ID = mock.corp_id
    settings.WECOM_AGENT_ID = mock.agent_id
    settings.WECOM_SECRET = mock.secret
    settings.WECOM_API_BASE = url
    settings.WECOM_AUTHORIZE_URL = f"{url}/connect/oauth2/authorize"
    settings.WECOM_WEB_LOGIN_URL = f"{url}/wwlogin/sso/login"
    yield mock
    mock.stop()
