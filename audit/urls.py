from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.events, name="events"),
    path("export.xlsx", views.events_export, name="events_export"),
    path("changes/", views.changes, name="changes"),
]
