"""The member admin's search finds exactly what a substring search of name, work unit and
post finds, on SQLite and on PostgreSQL, where the characters index narrows it first so
that a search for a surname does not read every member (members/search.py)."""

import pytest
from django.db import connection
from django.urls import reverse

from members.models import Member
from members.search import narrowed

from ..factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["陈", "陈小明", "陈 教育局", "教育", "副局长", "it", "Z",
                                   "陈 不存在", "，"])
def test_the_admin_finds_the_same_members_as_a_substring_search(client, personas, query):
    MemberFactory(name="陈小明", work_unit="越秀区教育局", post="副局长")
    MemberFactory(name="王陈", work_unit="IT公司", post="经理")
    MemberFactory(name="小明", work_unit="广州市陈家祠", post="馆长")
    MemberFactory(name="李华生", work_unit="中山大学", post="教授")
    client.force_login(personas.yuexiu_staff)
    response = client.get(reverse("admin:members_member_changelist"), {"q": query})
    shown = {member.pk for member in response.context["cl"].result_list}
    expected = Member.objects.for_user(personas.yuexiu_staff)
    for term in query.split():
        expected = [m for m in expected
                    if any(term.upper() in text.upper() for text in (m.name, m.work_unit, m.post))]
    assert shown == {m.pk for m in expected}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_on_postgresql_the_search_reads_the_characters_index(client, personas):
    client.force_login(personas.yuexiu_staff)
    assert client.get(reverse("admin:members_member_changelist"), {"q": "陈"}).status_code == 200
    # The filter `narrowed` adds is the expression the migration indexed: with a handful of
    # rows the planner must be told to prefer an index to show it, and the scope's own
    # indexes are left out so that only the characters index can serve the filter.
    candidates = narrowed(Member.objects.all(), ["陈"], ("name", "work_unit", "post"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert "members_member_search_chars" in candidates.explain()
