"""Open311 GeoReport v2 (JSON), under /open311/v2/ (docs/open311.md)."""

from django.urls import path

from . import views

app_name = "open311"

urlpatterns = [
    path("discovery.json", views.discovery, name="discovery"),
    path("v2/openapi.json", views.openapi, name="openapi"),
    path("v2/services.json", views.services, name="services"),
    path("v2/services/<str:code>.json", views.service_definition, name="service"),
    path("v2/requests.json", views.requests, name="requests"),
    path("v2/requests/<str:service_request_id>.json", views.request_detail, name="request"),
]
