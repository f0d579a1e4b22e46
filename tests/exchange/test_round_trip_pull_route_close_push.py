"""The round trip: a 12345 work order is pulled in, routed by the workroom and the town/street
(规范 第十三条（二）), closed, and its outcome pushed back to the hotline's system (a mock
receiver here), signed, once; GET requests shows status, status_notes, agency_responsible and
expected_datetime (the current step's due date) all along."""

import datetime as dt
import hashlib
import hmac

from cases.choices import Action, DepartmentKind
from cases.models import Case, Department
from cases.services import case_route
from exchange.choices import PushStatus
from exchange.models import OutcomePush
from exchange.services import pushes_sweep

from .conftest import REQUESTS, order


def _read(client, hotline, pk):
    [found] = client.get(f"/open311/v2/requests/{pk}.json", {"api_key": hotline.city_key}).json()
    return found


def test_an_order_pulled_in_routed_and_closed_goes_back_to_the_hotline(
    client, hotline, django_capture_on_commit_callbacks
):
    p = hotline.p
    [created] = client.post(REQUESTS, {"api_key": hotline.city_key,
                                       **order(p.beijing_room)}).json()
    pk = created["service_request_id"]
    case = Case.objects.get(pk=int(pk))

    registered = _read(client, hotline, pk)
    assert registered["status"] == "open" and registered["status_notes"] == "已登记，待分办"
    assert registered["agency_responsible"] == "越秀区北京街道北京街工作室"
    assert registered["expected_datetime"] == f"{case.due_date:%Y-%m-%d}T23:59:59+08:00"
    assert registered["external_id"] == "GZ12345-20261207-0001"
    assert registered["lat"] == 23.129163 and registered["address"] == "越秀区北京路123号"

    office = Department.objects.create(kind=DepartmentKind.TOWN_OFFICE, district=p.beijing_room
                                       .town.district, town=p.beijing_room.town, name="城管办")
    case = case_route(case=case, action=Action.SUBMIT_TO_LEADER, by=p.beijing_clerk)
    case = case_route(case=case, action=Action.INSTRUCT, by=p.beijing_lead,
                      instruction="请城管办三日内修复。", department=office)
    routed = _read(client, hotline, pk)
    assert routed["status_notes"] == "镇（街）职能科室办理中"
    assert routed["agency_responsible"] == "北京街道城管办"
    assert routed["expected_datetime"].startswith(f"{case.due_date:%Y-%m-%d}")

    with django_capture_on_commit_callbacks(execute=True):
        case_route(case=case, action=Action.REPLY, by=p.beijing_clerk, reply="路灯已修复。")

    [pushed] = hotline.receiver.received
    assert pushed.path == "/12345/outcome"
    assert pushed.json["service_request_id"] == pk
    assert pushed.json["external_id"] == "GZ12345-20261207-0001"
    assert pushed.json["status"] == "closed" and pushed.json["status_notes"] == "路灯已修复。"
    expected = hmac.new(hotline.city_secret.encode(), pushed.body, hashlib.sha256).hexdigest()
    assert pushed.headers["X-Open311-Signature"] == f"sha256={expected}"
    push = OutcomePush.objects.get()
    assert push.status == PushStatus.SENT and pushed.headers["X-Request-ID"] == f"outcome-{push.pk}"

    closed = _read(client, hotline, pk)
    assert closed["status"] == "closed" and closed["status_notes"] == "路灯已修复。"
    assert closed["expected_datetime"] is None

    listed = client.get(REQUESTS, {"api_key": hotline.city_key, "status": "closed"}).json()
    assert [r["service_request_id"] for r in listed] == [pk]
    assert client.get(REQUESTS, {"api_key": hotline.city_key, "status": "open"}).json() == []


def test_a_refused_order_goes_back_with_where_the_resident_was_sent(
    client, hotline, django_capture_on_commit_callbacks
):
    p = hotline.p
    [created] = client.post(REQUESTS, {"api_key": hotline.city_key,
                                       **order(p.beijing_room)}).json()
    case = Case.objects.get(pk=int(created["service_request_id"]))
    with django_capture_on_commit_callbacks(execute=True):
        case_route(case=case, action=Action.REFUSE, by=p.beijing_clerk,
                   procedure="litigation", referred_body="越秀区人民法院")
    [pushed] = hotline.receiver.received
    assert pushed.json["status"] == "closed" and "越秀区人民法院" in pushed.json["status_notes"]


def test_a_receiver_that_fails_is_tried_again_on_the_backoff_and_reached_once(
    client, hotline, django_capture_on_commit_callbacks, clock
):
    p = hotline.p
    [created] = client.post(REQUESTS, {"api_key": hotline.city_key,
                                       **order(p.beijing_room)}).json()
    case = Case.objects.get(pk=int(created["service_request_id"]))
    hotline.receiver.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        case_route(case=case, action=Action.ANSWER, by=p.beijing_clerk, answer="已解释政策。")
    push = OutcomePush.objects.get()
    assert push.status == PushStatus.FAILED and "503" in push.error
    assert pushes_sweep() == {"queued": 0, "checking": 0}  # not before its backoff
    hotline.receiver.status = 200
    clock(minutes=2)
    assert pushes_sweep()["queued"] == 1
    push.refresh_from_db()
    assert push.status == PushStatus.SENT and push.attempts == 2
    assert len(hotline.receiver.received) == 2  # the failed one and the one that arrived
    assert pushes_sweep() == {"queued": 0, "checking": 0}


def test_a_client_without_a_callback_address_reads_the_outcome_instead(
    client, hotline, django_capture_on_commit_callbacks
):
    p = hotline.p
    [created] = client.post(REQUESTS, {"api_key": hotline.yuexiu_key,
                                       **order(p.beijing_room)}).json()
    case = Case.objects.get(pk=int(created["service_request_id"]))
    with django_capture_on_commit_callbacks(execute=True):
        case_route(case=case, action=Action.ANSWER, by=p.beijing_clerk, answer="已答复。")
    assert not OutcomePush.objects.exists() and hotline.receiver.received == []
    [found] = client.get(REQUESTS, {"api_key": hotline.yuexiu_key,
                                    "service_request_id": created["service_request_id"]}).json()
    assert found["status"] == "closed" and found["status_notes"] == "已答复。"


def test_requests_are_read_by_date_range_newest_first(client, hotline, clock):
    p = hotline.p
    for number in ("B-1", "B-2"):
        client.post(REQUESTS, {"api_key": hotline.city_key,
                               **order(p.beijing_room, **{"attribute[external_id]": number})})
        clock(days=1)
    rows = client.get(REQUESTS, {"api_key": hotline.city_key}).json()
    assert [r["external_id"] for r in rows] == ["B-2", "B-1"]
    since = (clock() - dt.timedelta(hours=12)).isoformat()
    rows = client.get(REQUESTS, {"api_key": hotline.city_key, "start_date": since}).json()
    assert rows == []
    rows = client.get(REQUESTS, {"api_key": hotline.city_key, "service_code": "990102"}).json()
    assert rows == []
