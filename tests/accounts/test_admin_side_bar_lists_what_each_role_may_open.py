"""The admin's side bar (its list of apps and models) is kept per role, language and prefix
(accounts.sites.StaffAdminSite): each role must still see exactly what Django's own site
would list for it, whoever opened the admin before."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["beijing_clerk", "yuexiu_staff", "city", "economy_staff", "useradmin", "auditor",
         "liwan_staff"]


def test_every_role_sees_in_the_side_bar_what_django_would_list_for_it(client, personas):
    lists = {}
    for name in ROLES:
        client.force_login(getattr(personas, name))
        response = client.get(reverse("admin:index"))
        assert response.status_code == 200
        shown = response.context["available_apps"]
        assert shown == admin.AdminSite.get_app_list(admin.site, response.wsgi_request)
        lists[name] = [model["admin_url"] for app in shown for model in app["models"]]
    assert lists["beijing_clerk"] != lists["yuexiu_staff"]
    assert lists["yuexiu_staff"] == lists["liwan_staff"]  # the same role, the same list
    assert reverse("admin:accounts_user_changelist") in lists["useradmin"]
    assert reverse("admin:accounts_user_changelist") not in lists["beijing_clerk"]


def test_someone_without_a_role_sees_no_admin_list_after_staff_did(client, personas):
    client.force_login(personas.yuexiu_staff)
    assert client.get(reverse("admin:index")).context["available_apps"]
    client.force_login(personas.nobody)
    response = client.get(reverse("admin:index"))
    assert response.status_code != 200 or not response.context["available_apps"]
