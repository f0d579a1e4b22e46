"""Clients have keys, each limited to a scope (a district, or the whole city) and a rate;
every call is audited. No key, a bad or stopped key: 403. Another district: 403 when
submitting (workrooms are public), 404 when reading (ids do not leak). Over the rate: 429
with Retry-After. Errors are Open311's [{code, description}], in Chinese and English."""

from audit.choices import EventKind
from audit.models import AuditEvent
from cases.models import Case

from .conftest import REQUESTS, SERVICES, order


def _error(response, status):
    assert response.status_code == status, response.content
    [error] = response.json()
    assert error["code"] == status and " / " in error["description"]
    return error["description"]


def test_no_key_and_a_bad_key_are_refused_with_403(client, hotline):
    assert "缺少接口密钥" in _error(client.get(SERVICES), 403)
    assert "接口密钥无效" in _error(client.get(SERVICES, {"api_key": "x" * 50}), 403)
    wrong = hotline.city_key[:-2] + "xx"
    assert "invalid api_key" in _error(client.get(SERVICES, {"api_key": wrong}), 403)
    assert "invalid api_key" in _error(client.get(SERVICES, {"api_key": "a" * 5000}), 403)


def test_a_stopped_client_is_refused(client, hotline):
    hotline.city.active = False
    hotline.city.save()
    _error(client.get(SERVICES, {"api_key": hotline.city_key}), 403)


def test_a_district_client_cannot_file_an_order_with_another_districts_workroom(client, hotline):
    p = hotline.p
    data = {"api_key": hotline.yuexiu_key, **order(p.hualin_room)}
    assert "不在本接口账号的范围内" in _error(client.post(REQUESTS, data), 403)
    assert Case.objects.count() == 0
    assert client.post(REQUESTS, {"api_key": hotline.yuexiu_key,
                                  **order(p.beijing_room)}).status_code == 200


def test_a_district_client_reads_no_request_of_another_district(client, hotline):
    p = hotline.p
    [theirs] = client.post(REQUESTS, {"api_key": hotline.city_key,
                                      **order(p.hualin_room)}).json()
    pk = theirs["service_request_id"]
    assert client.get(f"/open311/v2/requests/{pk}.json",
                      {"api_key": hotline.city_key}).status_code == 200
    outside = client.get(f"/open311/v2/requests/{pk}.json", {"api_key": hotline.yuexiu_key})
    missing = client.get("/open311/v2/requests/999999.json", {"api_key": hotline.yuexiu_key})
    assert _error(outside, 404) == _error(missing, 404)  # the same answer: nothing leaks
    listed = client.get(REQUESTS, {"api_key": hotline.yuexiu_key, "service_request_id": pk})
    assert listed.json() == []


def test_a_case_not_from_the_hotline_is_not_a_request(client, hotline, ledger):
    response = client.get(f"/open311/v2/requests/{ledger.case.pk}.json",
                          {"api_key": hotline.city_key})
    _error(response, 404)


def test_over_the_rate_a_client_gets_429_with_retry_after(client, hotline):
    hotline.city.rate_per_minute = 3
    hotline.city.save()
    for _ in range(3):
        assert client.get(SERVICES, {"api_key": hotline.city_key}).status_code == 200
    refused = client.get(SERVICES, {"api_key": hotline.city_key})
    assert "调用过于频繁" in _error(refused, 429)
    assert 1 <= int(refused["Retry-After"]) <= 60
    # another client has its own count
    assert client.get(SERVICES, {"api_key": hotline.yuexiu_key}).status_code == 200


def test_the_rate_frees_up_after_a_minute(client, hotline, clock):
    hotline.city.rate_per_minute = 1
    hotline.city.save()
    assert client.get(SERVICES, {"api_key": hotline.city_key}).status_code == 200
    assert client.get(SERVICES, {"api_key": hotline.city_key}).status_code == 429
    clock(seconds=61)
    assert client.get(SERVICES, {"api_key": hotline.city_key}).status_code == 200


def test_every_call_is_audited_with_client_endpoint_and_outcome(client, hotline):
    p = hotline.p
    client.get(SERVICES, {"api_key": hotline.city_key})
    client.post(REQUESTS, {"api_key": hotline.yuexiu_key, **order(p.hualin_room)})
    client.get(SERVICES)
    answered = AuditEvent.objects.get(kind=EventKind.API_CALL)
    assert answered.path == SERVICES and answered.object_id == str(hotline.city.pk)
    assert answered.detail["status"] == 200 and answered.detail["client"] == "广州市12345热线"
    refused = AuditEvent.objects.filter(kind=EventKind.API_REFUSED).order_by("pk")
    assert [e.detail["status"] for e in refused] == [403, 403]
    assert refused[0].detail["client"] == "越秀区12345分中心" and refused[0].path == REQUESTS
    assert "不在本接口账号的范围内" in refused[0].detail["outcome"]
    assert all(hotline.city_key not in str(e.detail) + e.path for e in AuditEvent.objects.all())


def test_a_wrong_method_is_a_405_in_the_same_format(client, hotline):
    response = client.delete(REQUESTS, HTTP_X_API_KEY=hotline.city_key)
    _error(response, 405)
    assert response["Allow"] == "GET, POST"
