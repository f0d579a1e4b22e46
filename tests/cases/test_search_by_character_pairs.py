"""The case admin's search finds exactly what a substring search finds, whether or not the
character-pair index narrows it first (cases/search.py: a district's search over
its cases without reading them all)."""

import pytest
from django.db import connection
from django.urls import reverse

from cases.models import Case
from cases.search import bigrams, narrowed, search_text

from .conftest import new_case

pytestmark = pytest.mark.django_db


def test_pairs_stay_within_runs_of_chinese_or_of_ascii():
    assert bigrams("小区门口路灯不亮") == ["小区", "区门", "门口", "口路", "路灯", "灯不", "不亮"]
    assert bigrams("3号楼ab电梯") == ["号楼", "AB", "电梯"]
    assert bigrams("灯") == [] and bigrams("，。") == []
    assert search_text("路灯路灯", "路灯") == "路灯 灯路"


@pytest.mark.parametrize("query", ["路灯", "门口路灯", "路灯 不亮", "北京街", "3号楼", "灯",
                                   "城市建设", "不存在的词"])
def test_the_admin_finds_the_same_cases_as_a_substring_search(client, ledger, query):
    p = ledger.p
    new_case(ledger.activity, p.beijing_clerk, content="3号楼电梯坏了", topic="城市建设与管理")
    new_case(ledger.activity, p.beijing_clerk, content="路边的灯不亮")  # 灯 but not 路灯
    client.force_login(p.yuexiu_staff)
    response = client.get(reverse("admin:cases_case_changelist"), {"q": query})
    shown = {case.pk for case in response.context["cl"].result_list}
    expected = Case.objects.all()
    for term in query.split():
        expected = [c for c in expected if term.upper() in c.content.upper()
                    or term in c.topic.name or term in c.community]
    assert shown == {c.pk for c in expected}


def test_the_index_only_narrows(ledger):
    p = ledger.p
    other = new_case(ledger.activity, p.beijing_clerk, content="垃圾清运不及时",
                     topic="环境保护与卫生")
    found = set(narrowed(Case.objects.all(), ["路灯"]).values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        assert ledger.case.pk in found and other.pk not in found
    else:  # no index: nothing is narrowed, the LIKE search does it all
        assert found == {ledger.case.pk, other.pk}
