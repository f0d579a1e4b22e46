from django.contrib import admin

from accounts.admin import ScopedAdmin
from accounts.scoping import sees_everything
from core.history import HistoryAdmin

from .choices import InspectingBody
from .models import (
    DistrictReport,
    ReportFile,
    ReportJobRun,
    ReportReopening,
    ReportSchedule,
    WorkroomInspection,
)


@admin.register(WorkroomInspection)
class WorkroomInspectionAdmin(ScopedAdmin):
    """规范 第十五条: city and district staff record each year's check of each workroom."""

    list_display = ("workroom", "year", "date", "body", "rating", "follow_up_done", "entered_by")
    list_filter = ("year", "rating", "body", "follow_up_done", "workroom__town__district")
    search_fields = ("workroom__name", "inspectors", "findings")
    list_select_related = ("workroom", "entered_by")
    autocomplete_fields = ("workroom",)
    date_hierarchy = "date"
    readonly_fields = ("entered_by", "created_at")
    fields = ("workroom", "year", "date", "body", "inspectors", "findings", "rating",
              "follow_up", "follow_up_done", *readonly_fields)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if sees_everything(request.user):  # the municipal office inspects as the city
            initial.setdefault("body", InspectingBody.CITY)
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


class ReopeningInline(admin.TabularInline):
    model = ReportReopening
    extra = 0
    can_delete = False
    readonly_fields = ("at", "by", "reason", "previous_submitted_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DistrictReport)
class DistrictReportAdmin(ScopedAdmin):
    """Read-only here: districts write and submit on the report page, the municipal office
    reopens there, so every change goes through `reports.services`."""

    list_display = ("district", "year", "status", "late", "submitted_at", "overdue_at")
    list_filter = ("year", "status", "late")
    list_select_related = ("district",)
    inlines = [ReopeningInline]
    readonly_fields = (
        "district", "year", "status", "achievements", "problems", "plans", "submitted_at",
        "submitted_by", "first_submitted_at", "late", "overdue_at", "figures_at", "figures",
        "created_at", "updated_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportSchedule)
class ReportScheduleAdmin(HistoryAdmin):
    """Dates of the December jobs. 规范 第十四条 gives the deadline; the rest are 本地设置."""

    list_display = ("year", "kind", "date", "basis", "is_local_setting")
    list_filter = ("year", "kind")


@admin.register(ReportJobRun)
class ReportJobRunAdmin(admin.ModelAdmin):
    list_display = ("kind", "date", "district", "started_at", "finished_at")
    list_filter = ("kind", "date")
    list_select_related = ("district",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportFile)
class ReportFileAdmin(ScopedAdmin):
    list_display = ("__str__", "kind", "year", "format", "status", "progress", "created_at",
                    "finished_at")
    list_filter = ("kind", "year", "format", "status")
    # scope is the machine's key ("district:3"): district or committee says it in words
    readonly_fields = ("kind", "district", "committee", "year", "format", "digest",
                       "status", "progress", "file", "error", "requested_by", "created_at",
                       "finished_at")
    exclude = ("data", "scope")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
