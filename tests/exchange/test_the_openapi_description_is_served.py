"""Integrators read a versioned OpenAPI 3 description and Open311's service discovery, both
without a key; the description covers every method the API answers."""

from django.urls import reverse

from exchange.openapi import API_VERSION


def test_the_openapi_description_names_every_method_and_its_version(client, db):
    response = client.get("/open311/v2/openapi.json")
    assert response.status_code == 200 and response["X-API-Version"] == API_VERSION
    document = response.json()
    assert document["openapi"].startswith("3.") and document["info"]["version"] == API_VERSION
    assert document["servers"] == [{"url": "http://testserver/open311/v2"}]
    methods = {(path, method) for path, item in document["paths"].items() for method in item}
    assert methods == {
        ("/services.json", "get"), ("/services/{service_code}.json", "get"),
        ("/requests.json", "get"), ("/requests.json", "post"),
        ("/requests/{service_request_id}.json", "get"),
    }
    assert set(document["components"]["securitySchemes"]) == {"ApiKeyQuery", "ApiKeyHeader"}
    assert "outcome" in document["webhooks"]


def test_each_path_of_the_description_is_a_route_of_the_api(db):
    assert reverse("open311:services") == "/open311/v2/services.json"
    assert reverse("open311:service", args=["990101"]) == "/open311/v2/services/990101.json"
    assert reverse("open311:requests") == "/open311/v2/requests.json"
    assert reverse("open311:request", args=["1"]) == "/open311/v2/requests/1.json"


def test_service_discovery_points_at_the_json_endpoint(client, db):
    [endpoint] = client.get("/open311/discovery.json").json()["endpoints"]
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["application/json"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
