"""Every date a person types is checked against what can be true: the work the product
records began with the 规范 in 2019, nothing done can be dated after today, and a proposal or
social-conditions report (规范 第十三条（四）) is filed after the request it answers. Each
impossible date gets a Chinese message beside the field and nothing is saved."""

from django.urls import reverse
from django.utils import timezone

from cases.choices import Action
from cases.models import Activity
from cases.services import case_route
from scoring.choices import DutyKind
from scoring.models import DutyRecord


def test_an_activity_held_in_1999_is_refused(client, personas):
    client.force_login(personas.beijing_clerk)
    response = client.post(reverse("cases:activity_create", args=[personas.beijing_room.pk]), {
        "form": "reception_day", "date": "1999-01-01", "attendance": "8", "summary": "接待",
        "members_present": [personas.member.pk], "submit": "held",
    })
    assert response.status_code == 200 and not Activity.objects.exists()
    assert "不能早于2019年1月1日" in response.context["form"].errors["date"][0]


def test_a_report_filed_next_year_for_this_years_case_is_refused(client, ledger):
    case = case_route(case=ledger.case, action=Action.TO_MEMBER, by=ledger.p.beijing_clerk,
                      members=[ledger.p.member], note="多名居民反映，建议调研。")
    client.force_login(ledger.p.yuexiu_staff)
    url = reverse("cases:route", args=[case.pk, Action.FILE])
    typed = {"kind": "social_report", "title": "关于路灯维护的社情民意"}

    future = client.post(url, {**typed, "date": f"{timezone.localdate().year + 1}-01-20"})
    assert "不能晚于今天" in future.context["form"].errors["date"][0]
    before = client.post(url, {**typed, "date": "2026-03-01"})  # raised on 2026-03-16
    assert "不能早于群众反映的日期" in before.context["form"].errors["date"][0]
    case.refresh_from_db()
    assert case.duty_record_id is None

    assert client.post(url, {**typed, "date": "2026-04-20"}).status_code == 302


def test_a_duty_record_dated_2030_is_refused_in_the_admin(client, personas):
    client.force_login(personas.economy_staff)
    response = client.post(reverse("admin:scoring_dutyrecord_add"), {
        "kind": DutyKind.COMMITTEE_RESEARCH, "title": "经济委员会视察", "date": "2030-06-01",
        "members": [personas.member.pk], "evidence": "视察通知",
    })
    assert response.status_code == 200 and not DutyRecord.objects.exists()
    assert "不能晚于今天" in response.content.decode()
