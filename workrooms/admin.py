from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin import ScopedAdmin
from accounts.choices import Role
from accounts.models import User
from members.admin import RosterAdminMixin

from .models import Workroom, WorkroomBudget
from .resources import WorkroomResource
from .services import workroom_save

CLERK_CHOICE_REFUSED = _(
    "所选账号不能担任工作室工作人员：只能选择您管辖范围内、本工作室所在镇（街）的“工作室工作人员”账号"
    "（规范 第七条）。"
)


@admin.register(Workroom)
class WorkroomAdmin(RosterAdminMixin, ScopedAdmin):
    list_display = ("name", "kind", "town", "community", "clerk", "shared_with_deputies", "active",
                    "poster")
    list_filter = ("kind", "active", "shared_with_deputies", "town__district")
    search_fields = ("name", "community", "address", "town__name")
    list_select_related = ("town__district", "clerk")
    filter_horizontal = ("members",)
    autocomplete_fields = ("town",)
    roster_resource = WorkroomResource
    roster_template_url = "workrooms:import_template"

    @admin.display(description=_("公示海报（规范 第八条）"))
    def poster(self, obj):
        if not obj.active:
            return "—"
        url = reverse("receptions:poster", args=[obj.pk])
        return format_html('<a href="{}">A4</a> · <a href="{}?size=a3">A3</a>', url, url)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clerk":
            # Clerk accounts of the user's area only; the town is checked on save
            # (Workroom.clerk_problem): staff can never pick themselves.
            kwargs["queryset"] = User.objects.assignable_by(request.user).filter(role=Role.CLERK)
            kwargs["error_messages"] = {"invalid_choice": CLERK_CHOICE_REFUSED}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        workroom_save(workroom=obj, by=request.user, request=request)


@admin.register(WorkroomBudget)
class WorkroomBudgetAdmin(ScopedAdmin):
    """规范 第十六条: each workroom's yearly budget line in its town/street's budget, entered
    by town/street and district staff; the district's yearly report lists them."""

    list_display = ("workroom", "year", "amount", "town", "note")
    list_filter = ("year", "town__district")
    search_fields = ("workroom__name", "town__name", "note")
    list_select_related = ("workroom", "town")
    autocomplete_fields = ("workroom", "town")
