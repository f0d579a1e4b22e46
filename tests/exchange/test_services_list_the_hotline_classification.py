"""GET services and a service's definition answer as Open311 GeoReport v2's examples do:
each hotline class a service (its code the service_code), the product's topic its group."""

from exchange.models import ServiceMapping

from .conftest import SERVICES


def test_services_list_each_active_class_with_the_specification_fields(client, hotline):
    response = client.get(SERVICES, {"api_key": hotline.city_key})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    services = response.json()
    first = next(s for s in services if s["service_code"] == "990101")
    assert set(first) == {"service_code", "service_name", "description", "metadata", "type",
                          "keywords", "group"}
    assert first["service_name"] == "城乡建设与管理" and first["group"] == "城市建设与管理"
    assert first["type"] == "realtime" and first["metadata"] is True
    assert len(services) == ServiceMapping.objects.filter(active=True).count() == 16


def test_a_class_staff_switch_off_is_no_longer_offered(client, hotline):
    ServiceMapping.objects.filter(code="990116").update(active=False)
    codes = [s["service_code"] for s in client.get(SERVICES, {"api_key": hotline.city_key}).json()]
    assert "990116" not in codes and "990101" in codes


def test_a_service_definition_names_the_order_number_and_the_workroom(client, hotline):
    response = client.get("/open311/v2/services/990101.json",
                          HTTP_X_API_KEY=hotline.city_key)
    assert response.status_code == 200
    definition = response.json()
    assert definition["service_code"] == "990101"
    codes = {a["code"]: a for a in definition["attributes"]}
    assert codes["external_id"]["required"] is True
    assert {"variable", "code", "datatype", "required", "datatype_description", "order",
            "description"} <= set(codes["workroom_id"])


def test_an_unknown_service_code_is_a_404_in_the_specification_error_format(client, hotline):
    response = client.get("/open311/v2/services/nope.json", {"api_key": hotline.city_key})
    assert response.status_code == 404
    [error] = response.json()
    assert error["code"] == 404 and "没有该服务代码" in error["description"]
    assert "not found" in error["description"]
