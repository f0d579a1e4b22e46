from django.urls import path

from . import views

# The status of a resident's request, by its receipt number (no login).
app_name = "status"
urlpatterns = [
    path("", views.status_lookup, name="lookup"),
    path("code/", views.status_code, name="code"),
]
