"""A 12345 work order assigned to a workroom is pulled in as a case of its ledger, with no
re-typing (规范 第十四条: the ledger keeps every request), and routed by its clerk as usual
(规范 第十三条). The hotline's order number makes a retried submission harmless."""

from cases.choices import ActivityStatus, CaseState
from cases.models import Activity, Case
from exchange.models import WorkOrder
from notices.models import Message

from .conftest import REQUESTS, order


def test_the_specification_example_with_an_order_number_registers_a_case(client, hotline):
    p = hotline.p
    response = client.post(REQUESTS, {"api_key": hotline.city_key, **order(p.beijing_room)})
    assert response.status_code == 200
    [created] = response.json()
    assert set(created) == {"service_request_id", "service_notice", "account_id"}
    case = Case.objects.get(pk=int(created["service_request_id"]))
    assert case.content == "北京路123号门口的路灯坏了一个多月"
    assert case.topic.name == "城市建设与管理" and case.state == CaseState.REGISTERED
    assert case.activity.workroom == p.beijing_room and case.town == p.beijing_room.town
    assert case.handler == p.beijing_clerk and case.due_date is not None
    assert case.visitor.name == "王小明" and case.visitor.phone == "13812345678"
    assert not case.visitor.consent_to_contact  # the hotline calls the resident back itself
    assert WorkOrder.objects.get(case=case).address == "越秀区北京路123号"


def test_the_clerk_is_told_with_a_link_to_the_case(client, hotline):
    p = hotline.p
    [created] = client.post(REQUESTS, {"api_key": hotline.city_key,
                                       **order(p.beijing_room)}).json()
    message = Message.objects.get(recipient=p.beijing_clerk, key__startswith="work-order:")
    assert "GZ12345-20261207-0001" in message.body
    assert message.link == f"/cases/{created['service_request_id']}/"


def test_a_day_of_orders_hangs_off_one_draft_activity_that_counts_as_no_visit(client, hotline):
    p = hotline.p
    for number in ("A-1", "A-2"):
        client.post(REQUESTS, {"api_key": hotline.city_key,
                               **order(p.beijing_room, **{"attribute[external_id]": number})})
    [activity] = Activity.objects.filter(cases__work_order__isnull=False).distinct()
    assert activity.cases.count() == 2 and activity.status == ActivityStatus.DRAFT
    assert not activity.members_present.exists() and "12345" in activity.summary


def test_a_retried_order_returns_the_same_request_and_registers_nothing_more(client, hotline):
    p = hotline.p
    first = client.post(REQUESTS, {"api_key": hotline.city_key, **order(p.beijing_room)})
    again = client.post(REQUESTS, {"api_key": hotline.city_key, **order(p.beijing_room)})
    assert again.status_code == 200 and again.json() == first.json()
    assert WorkOrder.objects.count() == 1 and Case.objects.count() == 1


def test_a_town_code_files_the_order_with_that_towns_workroom(client, hotline):
    p = hotline.p
    data = order(p.hualin_room, **{"attribute[workroom_id]": None,
                                   "attribute[town_code]": p.hualin_room.town.code})
    [created] = client.post(REQUESTS, {"api_key": hotline.city_key, **data}).json()
    case = Case.objects.get(pk=int(created["service_request_id"]))
    assert case.activity.workroom == p.hualin_room and case.handler == p.hualin_clerk


def test_a_json_body_is_taken_as_the_form_is(client, hotline):
    p = hotline.p
    response = client.post(REQUESTS, order(p.beijing_room), content_type="application/json",
                           HTTP_X_API_KEY=hotline.city_key)
    assert response.status_code == 200 and Case.objects.count() == 1


def test_two_copies_arriving_together_make_one_case(client, hotline, monkeypatch):
    """The second copy passed the lookup before the first was saved: the unique order
    number refuses its row, its case is rolled back, and it answers with the first."""
    from exchange import services

    p = hotline.p
    [first] = client.post(REQUESTS, {"api_key": hotline.city_key,
                                     **order(p.beijing_room)}).json()
    real = services.work_order_find
    calls = []

    def late(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(services, "work_order_find", late)
    [second] = client.post(REQUESTS, {"api_key": hotline.city_key,
                                      **order(p.beijing_room)}).json()
    assert second == first and len(calls) == 2
    assert Case.objects.count() == 1 and WorkOrder.objects.count() == 1
