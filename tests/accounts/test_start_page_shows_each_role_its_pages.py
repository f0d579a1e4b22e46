"""The start page lists the pages the login's permissions open, in one order for all."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LEDGER, ADMIN = "工作室台账与群众诉求", "管理后台"
PLAN, DIRECTORY = "接待安排（规范 第九条）", "工作室公开信息"
TABLE, SECTORS, REPORTS = "履职统计", "界别活动进度", "年度报告"
LOCKS, REQUESTS, OTP = "登录锁定", "特权变更申请", "启用动态口令"

EXPECTED = {
    "city": [LEDGER, ADMIN, TABLE, SECTORS, PLAN, DIRECTORY, REPORTS, LOCKS, REQUESTS, OTP],
    "yuexiu_staff": [LEDGER, ADMIN, TABLE, SECTORS, PLAN, DIRECTORY, REPORTS, OTP],
    "beijing_lead": [LEDGER, ADMIN, PLAN, DIRECTORY, OTP],
    "beijing_clerk": [LEDGER, ADMIN, PLAN, DIRECTORY, OTP],
    "economy_staff": [ADMIN, TABLE, SECTORS, REPORTS, OTP],
    "member_user": ["我的履职", "我的群众诉求", PLAN, DIRECTORY, OTP],
    "useradmin": ["用户管理", LOCKS, REQUESTS, OTP],
    "auditor": ["审计记录", "数据修改记录", OTP],
    "nobody": [OTP],
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_sees_the_links_of_its_permissions(client, personas, persona):
    client.force_login(getattr(personas, persona))
    links = client.get(reverse("home")).context["links"]
    assert [str(label) for label, _url in links] == EXPECTED[persona]


def test_a_page_reached_by_two_permissions_is_listed_once(client, personas):
    """The municipal office both reads the districts' reports and the committees'
    summaries; both lead to the same page."""
    client.force_login(personas.city)
    urls = [url for _label, url in client.get(reverse("home")).context["links"]]
    assert urls.count(reverse("reports:index")) == 1
    assert len(urls) == len(set(urls))
