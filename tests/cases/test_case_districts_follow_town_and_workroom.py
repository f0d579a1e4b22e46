"""A case is seen by the staff of the district its town is in and of the district where it
was raised (规范 第十三条: the district sends it on; the workroom's district keeps the ledger).
Both are stored on the case and follow a change of town (one indexed column each)."""

import pytest

from cases.models import Case

from ..factories import district, town
from .conftest import new_case

pytestmark = pytest.mark.django_db


def test_a_case_about_another_districts_town_is_seen_by_both_districts(ledger):
    p = ledger.p
    case = new_case(ledger.activity, p.beijing_clerk, town_name="石牌街道")  # 天河区
    case.refresh_from_db()
    assert case.district == district("天河区")
    assert case.raised_district == district("越秀区")
    for staff in (p.yuexiu_staff, p.tianhe_staff):
        assert Case.objects.for_user(staff).filter(pk=case.pk).exists()
    assert not Case.objects.for_user(p.liwan_staff).filter(pk=case.pk).exists()


def test_the_district_follows_a_change_of_town(ledger):
    p, case = ledger.p, ledger.case
    assert not Case.objects.for_user(p.tianhe_staff).filter(pk=case.pk).exists()
    case.town = town("石牌街道")
    case.save(update_fields=["town"])
    case.refresh_from_db()
    assert case.district == district("天河区")
    assert Case.objects.for_user(p.tianhe_staff).filter(pk=case.pk).exists()
