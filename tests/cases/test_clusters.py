"""集中反映 (规范 第十三条（四）): the same topic in the same town/street (or district)
reaching the threshold within the window (settings rows) is flagged, and the members
involved are asked, once, to consider filing a proposal or report."""

import datetime as dt

from django.urls import reverse

from cases.choices import SettingKey
from cases.models import Cluster, RoutingSetting
from notices.models import Message

from .conftest import new_case


def _set(key, value):
    RoutingSetting.objects.filter(key=key).update(value=value)


def test_clustering_flags_at_the_threshold_and_not_below(ledger):
    _set(SettingKey.CLUSTER_THRESHOLD_TOWN, 3)
    clerk = ledger.p.beijing_clerk
    new_case(ledger.activity, clerk, content="另一处路灯不亮")  # 2 with the fixture's case
    assert not Cluster.objects.exists()
    third = new_case(ledger.activity, clerk, content="第三处路灯不亮")
    cluster = Cluster.objects.get(town__name="北京街道")
    assert cluster.cases.count() == 3 and third in cluster.cases.all()
    suggestions = Message.objects.filter(key=f"cluster:{cluster.pk}:suggest", channel="inbox")
    assert list(suggestions.values_list("recipient", flat=True)) == [ledger.p.member_user.pk]

    new_case(ledger.activity, clerk, content="第四处")  # joins the cluster; no second message
    assert Cluster.objects.filter(town__isnull=False).count() == 1
    assert cluster.cases.count() == 4
    assert suggestions.count() == 1


def test_other_topics_and_cases_outside_the_window_do_not_count(ledger):
    _set(SettingKey.CLUSTER_THRESHOLD_TOWN, 3)
    _set(SettingKey.CLUSTER_WINDOW_DAYS, 30)
    clerk = ledger.p.beijing_clerk
    new_case(ledger.activity, clerk, topic="养老服务")
    from .conftest import held_activity

    later = held_activity(ledger.p.beijing_room, clerk, [ledger.p.member],
                          date=ledger.activity.date + dt.timedelta(days=45))
    new_case(later, clerk)
    assert not Cluster.objects.exists()


def test_a_district_cluster_spans_towns(ledger):
    _set(SettingKey.CLUSTER_THRESHOLD_TOWN, 10)
    _set(SettingKey.CLUSTER_THRESHOLD_DISTRICT, 3)
    clerk = ledger.p.beijing_clerk
    new_case(ledger.activity, clerk, town_name="六榕街道")
    assert not Cluster.objects.exists()
    new_case(ledger.activity, clerk, town_name="人民街道")
    cluster = Cluster.objects.get()
    assert cluster.town is None and cluster.district.name == "越秀区"
    assert cluster.place == "越秀区"


def test_staff_see_clusters_with_only_the_cases_they_may_see(client, ledger):
    _set(SettingKey.CLUSTER_THRESHOLD_TOWN, 2)
    new_case(ledger.activity, ledger.p.beijing_clerk)
    client.force_login(ledger.p.yuexiu_staff)
    page = client.get(reverse("cases:clusters")).context["page"]
    assert len(page[0].visible_cases) == 2
    client.force_login(ledger.p.liwan_staff)
    assert list(client.get(reverse("cases:clusters")).context["page"]) == []
