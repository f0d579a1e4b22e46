"""The case list in the admin writes each row's checkbox and links itself (accounts.admin:
ScopedChangeList, ScopedAdmin.action_checkbox; bench/README.md says why): the rows must be
the very HTML Django's own list would write, the link keeping the list's filters for the
way back from the case."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.urls import reverse

from cases.models import Case

from .conftest import new_case

pytestmark = pytest.mark.django_db


def test_each_row_links_to_its_case_keeping_the_lists_filters_as_django_would(client, ledger):
    second = new_case(ledger.activity, ledger.p.beijing_clerk)
    client.force_login(ledger.p.yuexiu_staff)
    response = client.get(reverse("admin:cases_case_changelist"), {"q": "路灯", "o": "-2"})
    html = response.content.decode()
    filters = admin.site.get_model_admin(Case).get_preserved_filters(response.wsgi_request)
    assert "_changelist_filters" in filters
    for case in (ledger.case, second):
        change = reverse("admin:cases_case_change", args=[case.pk])
        expected = add_preserved_filters({"preserved_filters": filters, "opts": Case._meta},
                                         change)
        assert f'<a href="{expected.replace("&", "&amp;")}">' in html
        assert f'<a href="{reverse("cases:case", args=[case.pk])}">打开</a>' in html


def test_each_rows_checkbox_is_the_one_djangos_widget_renders(client, ledger):
    client.force_login(ledger.p.yuexiu_staff)
    html = client.get(reverse("admin:cases_case_changelist")).content.decode()
    case_admin = admin.site.get_model_admin(Case)
    django_checkbox = admin.ModelAdmin.action_checkbox(case_admin, ledger.case)
    assert str(django_checkbox) in html


def test_without_filters_a_rows_link_is_the_plain_change_page(client, ledger):
    client.force_login(ledger.p.yuexiu_staff)
    html = client.get(reverse("admin:cases_case_changelist")).content.decode()
    change = reverse("admin:cases_case_change", args=[ledger.case.pk])
    assert f'<a href="{change}">' in html
