"""The case admin's search finds exactly what a substring search of content, topic and
community finds, on SQLite and on PostgreSQL, where the characters index narrows it first
so that a district's search does not read every case (members/search.py)."""

import pytest
from django.db import connection
from django.urls import reverse

from cases.models import Case
from members.search import narrowed

from .conftest import new_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["路灯", "门口路灯", "路灯 不亮", "北京街", "3号楼", "灯",
                                   "ab电梯", "城市建设", "不存在的词", "，"])
def test_the_admin_finds_the_same_cases_as_a_substring_search(client, ledger, query):
    p = ledger.p
    new_case(ledger.activity, p.beijing_clerk, content="3号楼AB电梯坏了", topic="城市建设与管理")
    new_case(ledger.activity, p.beijing_clerk, content="路边的灯不亮")  # 路 and 灯, not 路灯
    client.force_login(p.yuexiu_staff)
    response = client.get(reverse("admin:cases_case_changelist"), {"q": query})
    shown = {case.pk for case in response.context["cl"].result_list}
    expected = Case.objects.all()
    for term in query.split():
        expected = [c for c in expected if term.upper() in c.content.upper()
                    or term in c.topic.name or term in c.community]
    assert shown == {c.pk for c in expected}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_on_postgresql_the_search_reads_the_characters_index(client, ledger):
    client.force_login(ledger.p.yuexiu_staff)
    assert client.get(reverse("admin:cases_case_changelist"), {"q": "路灯"}).status_code == 200
    # The filter `narrowed` adds is the expression the migration indexed: with a handful of
    # rows the planner must be told to prefer an index to show it, and the scope's own
    # indexes are left out so that only the characters index can serve the filter.
    candidates = narrowed(Case.objects.all(), ["路灯"], ("content", "community"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert "cases_case_search_chars" in candidates.explain()
