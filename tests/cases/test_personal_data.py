"""Visitors' phone and address: in full only to the workroom's clerk and the case's
handlers; masked (138****5678) for everyone else, in pages, the admin and exports. Every
unmasked read is logged (个人信息保护法)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.choices import Action
from cases.models import PersonalDataAccess
from cases.services import case_route
from privacy.masking import mask_address, mask_name

from .conftest import ADDRESS, PHONE

MASKED_PHONE = "138****5678"


def test_masks_keep_enough_to_recognise_and_not_to_use():
    assert mask_address(ADDRESS) == "越秀区北京路****"
    assert mask_address("北京路") == "北****"
    assert mask_name("王小明") == "王**" and mask_name("") == ""


def test_the_clerk_sees_the_visitor_in_full_and_the_read_is_logged(client, ledger):
    client.force_login(ledger.p.beijing_clerk)
    body = client.get(reverse("cases:case", args=[ledger.case.pk])).content.decode()
    assert PHONE in body and ADDRESS in body and "王小明" in body
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.visitor, access.case) == (
        ledger.p.beijing_clerk, ledger.visitor, ledger.case
    )
    assert access.purpose == "诉求详情页"


@pytest.mark.parametrize("who", ["yuexiu_staff", "beijing_lead", "city", "member_user"])
def test_others_in_scope_see_it_masked_and_nothing_is_logged(client, ledger, who):
    client.force_login(getattr(ledger.p, who))
    for url in (reverse("cases:case", args=[ledger.case.pk]),
                reverse("cases:activity", args=[ledger.activity.pk])):
        body = client.get(url).content.decode()
        assert PHONE not in body and ADDRESS not in body and "王小明" not in body
    assert MASKED_PHONE in body
    assert not PersonalDataAccess.objects.exists()


def test_a_handler_sees_it_in_full_once_assigned(client, ledger):
    p = ledger.p
    client.force_login(p.beijing_lead)
    assert PHONE not in client.get(reverse("cases:case", args=[ledger.case.pk])).content.decode()
    case_route(case=ledger.case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    assert PHONE in client.get(reverse("cases:case", args=[ledger.case.pk])).content.decode()
    assert PersonalDataAccess.objects.filter(user=p.beijing_lead).count() == 1


def _sheet_text(content, title):
    book = load_workbook(io.BytesIO(content))
    return " ".join(str(c) for row in book[title].iter_rows(values_only=True) for c in row)


def test_exports_are_masked_for_district_staff_and_full_for_the_clerk(client, ledger):
    url = reverse("cases:ledger", args=[ledger.p.beijing_room.pk])
    client.force_login(ledger.p.yuexiu_staff)
    masked = _sheet_text(client.get(url, {"format": "xlsx"}).content, "来访群众")
    assert MASKED_PHONE in masked and PHONE not in masked and ADDRESS not in masked
    assert not PersonalDataAccess.objects.exists()

    client.force_login(ledger.p.beijing_clerk)
    full = _sheet_text(client.get(url, {"format": "xlsx"}).content, "来访群众")
    assert PHONE in full and ADDRESS in full
    assert PersonalDataAccess.objects.get().purpose == "台账导出（xlsx）"


def test_the_admin_always_masks(client, ledger):
    client.force_login(ledger.p.beijing_clerk)
    body = client.get(reverse("admin:cases_visitor_changelist")).content.decode()
    assert MASKED_PHONE in body and PHONE not in body
    body = client.get(
        reverse("admin:cases_visitor_change", args=[ledger.visitor.pk])
    ).content.decode()
    assert PHONE not in body and ADDRESS not in body


def test_only_the_auditor_and_the_city_read_the_access_log(client, ledger):
    client.force_login(ledger.p.beijing_clerk)
    client.get(reverse("cases:case", args=[ledger.case.pk]))
    url = reverse("admin:cases_personaldataaccess_changelist")
    for who, expected in (("auditor", 200), ("city", 200), ("yuexiu_staff", 403),
                          ("beijing_clerk", 403)):
        client.force_login(getattr(ledger.p, who))
        assert client.get(url).status_code == expected, who
