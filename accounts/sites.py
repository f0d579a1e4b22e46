"""The admin site: Django's own, with its list of apps and models (the side bar of every
admin page) made once for each kind of user rather than on every page."""

from django.contrib import admin
from django.urls import get_script_prefix
from django.utils.translation import get_language


class StaffAdminSite(admin.AdminSite):
    """Which models a user sees in the admin, and with which links, follows from their role
    alone (accounts.permissions: no per-user grants), so the list is kept per role, language
    and served prefix. Django built it on every admin page: two reversed links and four
    permission checks for each of some forty models. Read it, never change it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._app_lists = {}

    def get_app_list(self, request, app_label=None):
        user = request.user
        key = (getattr(user, "role", ""), user.is_active, user.is_staff, user.is_superuser,
               get_language(), get_script_prefix(), app_label)
        if key not in self._app_lists:
            self._app_lists[key] = super().get_app_list(request, app_label)
        return self._app_lists[key]
