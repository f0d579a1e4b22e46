from django.contrib import admin

from accounts.admin import ScopedAdmin
from members.admin import RosterAdminMixin

from .models import Workroom
from .resources import WorkroomResource


@admin.register(Workroom)
class WorkroomAdmin(RosterAdminMixin, ScopedAdmin):
    list_display = ("name", "kind", "town", "community", "clerk", "shared_with_deputies", "active")
    list_filter = ("kind", "active", "shared_with_deputies", "town__district")
    search_fields = ("name", "community", "address", "town__name")
    list_select_related = ("town__district", "clerk")
    filter_horizontal = ("members",)
    autocomplete_fields = ("town",)
    roster_resource = WorkroomResource
    roster_template_url = "workrooms:import_template"
