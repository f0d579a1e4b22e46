"""The municipal office opens a client in the admin: the key and the signing secret are
shown once, only the key's digest is kept, a replaced key stops at once; the classification
table is edited there with its history kept; district staff only read; nobody deletes."""

import hashlib

from exchange.models import ApiClient, ServiceMapping
from exchange.services import api_client_for_key, api_client_new_key

from .conftest import SERVICES


def test_a_new_client_shows_its_key_once_and_keeps_only_its_digest(client, personas):
    client.force_login(personas.city)
    response = client.post("/admin/exchange/apiclient/add/", {
        "name": "荔湾区12345分中心", "district": personas.liwan_staff.district_id,
        "rate_per_minute": "30", "callback_url": "", "active": "on",
    }, follow=True)
    assert response.status_code == 200
    [shown] = [str(m) for m in response.context["messages"] if "只显示这一次" in str(m)]
    key = shown.split("接口密钥：")[1].split("　")[0]
    made = ApiClient.objects.get(name="荔湾区12345分中心")
    assert made.key_digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiClient.objects.filter(pk=made.pk).values().get())
    assert api_client_for_key(key) == made and made.created_by == personas.city
    page = client.get(f"/admin/exchange/apiclient/{made.pk}/change/")
    assert key not in page.content.decode()


def test_a_replaced_key_stops_working_at_once(client, hotline):
    old = hotline.city_key
    new, _secret = api_client_new_key(client=hotline.city)
    assert client.get(SERVICES, {"api_key": old}).status_code == 403
    assert client.get(SERVICES, {"api_key": new}).status_code == 200


def test_staff_edit_the_classification_and_its_history_is_kept(client, personas):
    client.force_login(personas.city)
    row = ServiceMapping.objects.get(code="990101")
    response = client.post(f"/admin/exchange/servicemapping/{row.pk}/change/", {
        "code": "050101", "name": "市政设施", "topic": row.topic_id, "description": "",
        "verified": "on", "basis": "国家标准原文已核对", "active": "on",
    })
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.code == "050101" and row.verified
    assert [h.code for h in row.history.order_by("history_date")] == ["990101", "050101"]
    assert row.history.latest().history_user == personas.city


def test_district_staff_read_the_table_and_nobody_deletes_a_client(client, hotline):
    p = hotline.p
    client.force_login(p.yuexiu_staff)
    assert client.get("/admin/exchange/servicemapping/").status_code == 200
    row = ServiceMapping.objects.get(code="990101")
    assert client.post(f"/admin/exchange/servicemapping/{row.pk}/change/",
                       {"name": "改"}).status_code == 403
    listed = client.get("/admin/exchange/apiclient/").content.decode()
    assert "越秀区12345分中心" in listed and "广州市12345热线" not in listed
    client.force_login(p.city)
    assert client.get(f"/admin/exchange/apiclient/{hotline.city.pk}/delete/").status_code == 403
