"""Whatever a client sends, the answer is an Open311 error saying what is wrong, in Chinese
and English, never a 500; bounded lengths, numbers, lists and date ranges; nothing is
registered from a refused order."""

import json

import pytest

from cases.models import Case

from .conftest import REQUESTS, order

BAD_ORDERS = [
    ({"service_code": None}, "缺少服务代码"),
    ({"service_code": "nope"}, "服务代码不存在"),
    ({"service_code": "9" * 500}, "服务代码不能超过20字"),
    ({"description": ""}, "缺少诉求内容"),
    ({"description": "字" * 2001}, "诉求内容不能超过2000字"),
    ({"attribute[external_id]": None}, "缺少热线工单编号"),
    ({"attribute[external_id]": "工单 1"}, "热线工单编号只能由"),
    ({"attribute[external_id]": "x" * 65}, "热线工单编号不能超过64字"),
    ({"attribute[workroom_id]": None}, "请提供工作室编号"),
    ({"attribute[workroom_id]": "abc"}, "工作室编号应为数字"),
    ({"attribute[workroom_id]": "999999999"}, "没有该工作室"),
    ({"attribute[town_code]": "4401"}, "区划代码应为12位数字"),
    ({"attribute[town_code]": "440100000000"}, "没有该镇（街）"),
    ({"lat": "north", "long": "113"}, "经纬度应为数字"),
    ({"lat": "NaN", "long": "113"}, "经纬度超出范围"),
    ({"lat": "91", "long": "113"}, "经纬度超出范围"),
    ({"lat": "1e999999999", "long": "113"}, "经纬度超出范围"),
    ({"lat": None, "long": None, "address_string": None}, "请提供地点"),
    ({"address_string": "路" * 201}, "地点不能超过200字"),
    ({"phone": "12345"}, "电话号码格式不正确"),
    ({"first_name": "名" * 26}, "first_name不能超过25字"),
    ({"email": "a" * 301}, "email不能超过300字"),
]


@pytest.mark.parametrize(("change", "message"), BAD_ORDERS, ids=[m for _c, m in BAD_ORDERS])
def test_a_bad_order_is_refused_with_what_is_wrong(client, hotline, change, message):
    data = {"api_key": hotline.city_key, **order(hotline.p.beijing_room, **change)}
    response = client.post(REQUESTS, data)
    assert response.status_code == 400, response.content
    [error] = response.json()
    assert error["code"] == 400 and message in error["description"]
    assert " / " in error["description"]  # and in English after it
    assert Case.objects.count() == 0


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"\xff\xfe",
                                  b'{"description": "a\\u0000b"}',
                                  b"[" * 100_000 + b"]" * 100_000,
                                  b'{"description": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"],
                         ids=["broken", "list", "not utf-8", "nul", "deep list", "deep value"])
def test_a_broken_json_body_is_a_400(client, hotline, body):
    response = client.post(REQUESTS, body, content_type="application/json",
                           HTTP_X_API_KEY=hotline.city_key)
    assert response.status_code == 400


def test_a_json_body_over_the_upload_limit_is_an_open311_error(client, hotline, settings):
    """Refused in Open311's own error list, like any other bad call, and audited."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps(order(hotline.p.beijing_room, description="字" * 2000))
    response = client.post(REQUESTS, body, content_type="application/json",
                           HTTP_X_API_KEY=hotline.city_key)
    assert response.status_code == 413
    [error] = response.json()
    assert "请求内容过大" in error["description"]
    assert Case.objects.count() == 0


BAD_QUERIES = [
    ({"service_request_id": "1,x"}, "诉求编号应为数字"),
    ({"service_request_id": ",".join(["1"] * 101)}, "一次至多100个"),
    ({"service_code": ",".join(["a"] * 51)}, "一次至多50个"),
    ({"status": "pending"}, "状态只能是 open 或 closed"),
    ({"start_date": "yesterday"}, "应为 ISO 8601 时间"),
    ({"start_date": "2026-02-30T00:00:00+08:00"}, "应为 ISO 8601 时间"),
    ({"start_date": "9999-01-01"}, "应为 ISO 8601 时间"),
    ({"start_date": "2026-12-02", "end_date": "2026-12-01"}, "开始时间晚于结束时间"),
    ({"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-06-01T00:00:00+08:00"},
     "不能超过90天"),
    ({"end_date": "2" * 41}, "end_date不能超过40字"),
]


@pytest.mark.parametrize(("query", "message"), BAD_QUERIES, ids=[m for _q, m in BAD_QUERIES])
def test_a_bad_query_is_refused_with_what_is_wrong(client, hotline, query, message):
    response = client.get(REQUESTS, {"api_key": hotline.city_key, **query})
    assert response.status_code == 400, response.content
    assert message in response.json()[0]["description"]


@pytest.mark.parametrize("pk", ["abc", "1" * 40, "-1", "１２"])
def test_an_odd_request_id_is_a_404(client, hotline, pk):
    response = client.get(f"/open311/v2/requests/{pk}.json", {"api_key": hotline.city_key})
    assert response.status_code == 404
