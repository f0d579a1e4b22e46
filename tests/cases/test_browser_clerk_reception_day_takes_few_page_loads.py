"""On a phone (headless Chromium, 390 px), a clerk records a whole reception day: 7 visitors
with 8 requests, 4 answered on the spot (规范 第十三条（一）), 1 not taken on (规范 第十一条),
3 routed afterwards (规范 第十三条). It takes at most 20 page loads, counted as the main
frame's navigations: each link followed and each form posted is one page the clerk waits
for (a post and the page it is redirected to are one wait; htmx rows are none)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.choices import Action, ActivityStatus, CaseState, Route
from cases.models import Activity, Case, Visitor
from receptions.models import Reception
from scoring.models import DutyRecord

from ..conftest import browser_login, fits_the_phone
from ..factories import MemberFactory

SHOTS = "/tmp/reception_day_{}.png"
PAGE_LOADS_AT_MOST = 20

LATER = {"handling": ""}


def answered(text: str) -> dict:
    return {"handling": Action.ANSWER, "answer": text}


REFUSED = {"handling": Action.REFUSE, "procedure": "仲裁",
           "referred_body": "越秀区劳动人事争议仲裁委员会"}
# (visitor, [(topic, what they asked, how it is settled on the form)])
DAY = [
    ("王小明", [("城市建设与管理", "小区门口路灯不亮", answered("已联系物业，三日内修复。"))]),
    ("李阿姨", [("养老服务", "长者饭堂在哪里报名", answered("在社区服务中心一楼报名。")),
               ("交通出行", "公交站没有遮阳棚", LATER)]),
    ("周先生", [("劳动关系", "公司拖欠工资三个月", REFUSED)]),
    ("陈伯", [("医疗卫生", "社区卫生服务中心周末几点开门", answered("周末上午八点到十二点。"))]),
    ("赵女士", [("物业管理与老旧小区改造", "加装电梯要哪些材料", answered("已给办事指南。"))]),
    ("孙先生", [("治安与安全", "多次投诉夜间噪音无人处理", LATER)]),
    ("刘先生", [("住房保障", "公租房轮候时间太长", LATER)]),
]
# what the three left for later become, one route page each
LATER_ROUTES = [
    ("公交站没有遮阳棚", Action.SUBMIT_TO_LEADER, CaseState.AWAITING_INSTRUCTION),
    ("多次投诉夜间噪音无人处理", Action.TO_PETITION, CaseState.WITH_PETITION_OFFICE),
    ("公租房轮候时间太长", Action.TO_MEMBER, CaseState.MEMBER_RESEARCHING),
]


def _go(page, selector: str) -> None:
    """Tap a link or a form's button and wait for the page it leads to (not the one it was
    tapped on)."""
    with page.expect_navigation():
        page.click(selector)


def _fill_request(page, index, topic, content, settle):
    prefix = f"cases-{index}"
    page.select_option(f"select[name={prefix}-topic]", label=topic)
    page.fill(f"textarea[name={prefix}-content]", content)
    page.check(f"input[name={prefix}-handling][value='{settle['handling']}']")
    if settle["handling"] == Action.ANSWER:
        page.fill(f"textarea[name={prefix}-answer]", settle["answer"])
    elif settle["handling"] == Action.REFUSE:
        page.select_option(f"select[name={prefix}-procedure]", label=settle["procedure"])
        page.fill(f"input[name={prefix}-referred_body]", settle["referred_body"])


def _register_visitors(page):
    for number, (name, requests) in enumerate(DAY, start=1):
        page.fill("input[name=visitor-name]", name)
        for index, (topic, content, settle) in enumerate(requests):
            if index:  # one more row, by htmx: no page load
                page.click("text=再添加一项诉求")
                page.wait_for_selector(f"textarea[name=cases-{index}-content]")
            _fill_request(page, index, topic, content, settle)
        if number == 3:
            assert fits_the_phone(page)
            page.screenshot(path=SHOTS.format("visitor_form"), full_page=True)
        last = number == len(DAY)
        _go(page, "button:has-text('保存'):not(:has-text('下一位'))" if last
                else "button:has-text('保存并登记下一位')")
        assert "已登记" in page.locator(".messages").inner_text()


def _route_the_rest(page):
    for content, action, _state in LATER_ROUTES:
        case = Case.objects.get(content=content)
        route = reverse("cases:route", args=[case.pk, action])
        _go(page, f"a[href='{route}?back=activity']")
        if action == Action.TO_PETITION:
            page.select_option("select[name=department]", index=1)
        _go(page, "button:has-text('确认')")
        assert "已办理" in page.locator(".messages").inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reception_day_of_seven_visitors_takes_at_most_twenty_page_loads(
    personas, live_server, phone_page
):
    zhang = MemberFactory(name="张红")
    personas.beijing_room.members.add(zhang)
    today = timezone.localdate()
    reception = Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=today, date=today, place="北京街党群服务中心",
    )
    reception.members.add(personas.member, zhang)
    page = phone_page
    browser_login(page, live_server, "beijing_clerk")  # lands on the home page
    loads = []
    page.on("framenavigated",
            lambda frame: loads.append(frame.url) if frame == page.main_frame else None)

    _go(page, "text=工作室台账与群众诉求")
    assert "今天接待" in page.inner_text("main")
    _go(page, "text=记录今天的接待")  # the reception, its form, date and members filled in
    page.fill("input[name=attendance]", "7")
    assert fits_the_phone(page)
    _go(page, "text=保存并标记为已举行")
    assert "履职记录已生成" in page.locator(".messages").inner_text()
    _go(page, "text=登记来访群众和诉求")
    _register_visitors(page)
    assert fits_the_phone(page)
    page.screenshot(path=SHOTS.format("activity"), full_page=True)
    _route_the_rest(page)

    assert len(loads) <= PAGE_LOADS_AT_MOST, loads
    activity = Activity.objects.get()
    assert (activity.status, activity.reception) == (ActivityStatus.HELD, reception)
    assert DutyRecord.objects.get(source_ref=f"activity:{activity.pk}").members.count() == 2
    assert Visitor.objects.count() == 7 and Case.objects.count() == 8
    routes = list(Case.objects.values_list("route", flat=True))
    assert routes.count(Route.ON_THE_SPOT) == 4 and routes.count(Route.REFUSED) == 1
    assert Case.objects.filter(state=CaseState.CLOSED).count() == 4
    for content, _action, state in LATER_ROUTES:
        assert Case.objects.get(content=content).state == state
