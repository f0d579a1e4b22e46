from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin import CityRowsKeptByTheCity, ScopedAdmin, VoidAdmin, VoidedFilter
from accounts.once import ALREADY_SUBMITTED, AlreadySubmitted, submit_once
from accounts.scoping import sees_everything

from .forms import DutyImportForm, DutyRecordForm
from .models import (
    ActivityForm,
    CommitteeLiaisonPlan,
    CommitteePlanTarget,
    DutyRecord,
    ProrationRule,
    QuotaReminderDate,
    QuotaRule,
    ReminderRun,
    ScoringRule,
    SectorActivity,
)
from .resources import ImportRejected
from .services import duty_records_confirm, duty_records_import, rules_copy


def local_badge(obj):
    return format_html('<span title="{}">{}</span>', _("文件未规定，由本地设定"), _("本地设置")) \
        if obj.is_local_setting else _("文件规定")


local_badge.short_description = _("数值来源")


@admin.register(ActivityForm)
class ActivityFormAdmin(CityRowsKeptByTheCity, ScopedAdmin):
    """The forms of community work are a table (规范 第十条, 举措 三（二）): the municipal office
    edits the shared ones (seeded with the documents' forms); a district's staff add and
    edit their own district's local forms, and only those. A form is made inactive rather
    than deleted once records use it (they refer to it)."""

    # The code is how records refer to a form (an identifier, never shown: names are).
    list_display = ("name", "district", "active", "order")
    list_filter = ("active", "district")
    search_fields = ("name",)
    list_select_related = ("district",)
    fields = ("name", "district", "active", "order")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not sees_everything(request.user) and "district" in form.base_fields:
            form.base_fields["district"].required = True
            form.base_fields["district"].help_text = _("本区自定的本地活动形式。")
        return form


@admin.register(DutyRecord)
class DutyRecordAdmin(VoidAdmin):
    """专门委员会 and 区政协 staff enter and confirm their members' records (举措 四（四）);
    a record entered in error is voided with a reason, never deleted."""

    list_display = ("title", "kind", "date", "member_names", "source", "confirmed", "twin_flag",
                    "void_state", "entered_by")
    list_filter = ("kind", "confirmed", "source", "activity_form", VoidedFilter)
    date_hierarchy = "date"
    search_fields = ("title", "members__name")
    autocomplete_fields = ("members",)
    list_select_related = ("entered_by",)
    readonly_fields = (
        "source", "source_shown", "entered_by", "confirmed", "confirmed_by", "confirmed_at",
        "created_at", "voided_at", "voided_by", "void_reason",
    )
    fields = (
        "once", "kind", "activity_form", "title", "date", "members", "evidence", "attachment",
        *readonly_fields,
    )
    form = DutyRecordForm
    actions = ["confirm", "void"]
    change_list_template = "scoring/admin/dutyrecord_change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members").with_ledger_twin()

    @admin.display(description=_("来源标识"))
    def source_shown(self, obj):
        """The record it was made from, in words: 工作室活动 #12 (source_ref: activity:12)."""
        kind, _sep, pk = obj.source_ref.partition(":")
        names = {"activity": _("工作室活动"), "case": _("群众诉求")}
        return f"{names.get(kind, kind)} #{pk}" if obj.source_ref else ""

    @admin.display(description=_("核对"))
    def twin_flag(self, obj):
        return _("疑似与台账重复") if obj.ledger_twin else ""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except AlreadySubmitted as earlier:
            self.message_user(request, ALREADY_SUBMITTED, messages.INFO)
            return redirect("admin:scoring_dutyrecord_change", earlier.result.pk)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj is None else [name for name in fields if name != "once"]

    @admin.display(description=_("委员（含联名）"))
    def member_names(self, obj):
        return "、".join(member.name for member in obj.members.all())

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        obj.entered_by = request.user
        earlier, first_time = submit_once(
            form.cleaned_data.get("once"), by=request.user,
            create=lambda: super(DutyRecordAdmin, self).save_model(request, obj, form, change)
            or obj,
        )
        if not first_time:  # the same add form sent again: leave this transaction unsaved
            raise AlreadySubmitted(earlier)

    def has_confirm_permission(self, request):
        return request.user.has_perm("scoring.confirm_dutyrecord")

    @admin.action(description=_("确认所选履职记录"), permissions=["confirm"])
    def confirm(self, request, queryset):
        twins = queryset.filter(confirmed=False).with_ledger_twin().filter(ledger_twin=True)
        twins = twins.count()
        count = duty_records_confirm(records=queryset, by=request.user)
        self.message_user(request, _("已确认 %(n)d 条履职记录。") % {"n": count}, messages.SUCCESS)
        if twins:
            self.message_user(request, _(
                "其中 %(n)d 条手工录入的进社区记录与工作室台账同日同委员的记录疑似重复，"
                "请核对，重复的请作废，以免重复计分（规范 第十四条）。") % {"n": twins},
                messages.WARNING)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view),
                 name="scoring_dutyrecord_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload the proposal office's or social-conditions office's spreadsheet."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DutyImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                created, existing = duty_records_import(
                    file=form.cleaned_data["file"], kind=form.cleaned_data["kind"],
                    by=request.user,
                )
            except ImportRejected as rejected:
                errors = rejected.errors
            else:
                self.message_user(request, _(
                    "导入完成：新增 %(created)d 条，已存在 %(existing)d 条（未重复导入）。"
                ) % {"created": created, "existing": existing}, messages.SUCCESS)
                return redirect("admin:scoring_dutyrecord_changelist")
        context = {
            **self.admin_site.each_context(request), "form": form, "errors": errors,
            "opts": self.model._meta, "title": _("从表格导入履职记录"),
        }
        return render(request, "scoring/admin/dutyrecord_import.html", context)


class YearRuleAdmin(ScopedAdmin):
    """Rules are reference data: every staff role reads them; only the city office edits."""

    list_filter = ("year",)
    actions = ["copy_to_next_year"]

    def get_queryset(self, request):
        return super(ScopedAdmin, self).get_queryset(request)

    @admin.action(description=_("复制所选年度的全部规则到下一年度"), permissions=["add"])
    def copy_to_next_year(self, request, queryset):
        for year in sorted(set(queryset.values_list("year", flat=True))):
            try:
                quotas, scores = rules_copy(from_year=year, to_year=year + 1)
            except ValidationError as error:
                self.message_user(request, "；".join(error.messages), messages.ERROR)
                continue
            self.message_user(request, _(
                "%(year)d 年度规则已复制到 %(next)d 年度：指标 %(q)d 条，计分规则 %(s)d 条"
                "（已存在的未改动）。"
            ) % {"year": year, "next": year + 1, "q": quotas, "s": scores}, messages.SUCCESS)


@admin.register(QuotaRule)
class QuotaRuleAdmin(YearRuleAdmin):
    list_display = (
        "year", "rule_label", "minimum", "maximum", "applies_to", "level", "basis", local_badge,
    )
    list_editable = ("minimum", "maximum")
    ordering = ("-year", "position")

    @admin.display(description=_("指标"))
    def rule_label(self, obj):
        return obj.label


@admin.register(ScoringRule)
class ScoringRuleAdmin(YearRuleAdmin):
    list_display = ("year", "kind", "level", "category", "points", "basis", local_badge)
    list_editable = ("points",)
    list_filter = ("year", "category", "is_local_setting")


@admin.register(ProrationRule)
class ProrationRuleAdmin(ScopedAdmin):
    """规范 第五条 sets a yearly duty and says nothing of members who join or leave mid-year:
    how their quotas are prorated is a local setting the city office edits here."""

    list_display = ("from_year", "stated", "basis", local_badge)
    fields = ("from_year", "months", "rounding", "waived_below_months", "basis")

    def get_queryset(self, request):
        return super(ScopedAdmin, self).get_queryset(request)

    @admin.display(description=_("折算规则（本地设置）"))
    def stated(self, obj):
        return obj.stated


@admin.register(SectorActivity)
class SectorActivityAdmin(ScopedAdmin):
    """举措 三（三）: each sector's collective study, research, proposal and report."""

    list_display = ("title", "sector", "kind", "date", "entered_by")
    list_filter = ("kind", "sector")
    date_hierarchy = "date"
    search_fields = ("title", "sector__name")
    list_select_related = ("sector", "entered_by")
    readonly_fields = ("entered_by", "created_at")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "sector":  # sectors are city-wide reference data
            kwargs["queryset"] = db_field.remote_field.model.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(QuotaReminderDate)
class QuotaReminderDateAdmin(YearRuleAdmin):
    list_display = ("__str__", "active", local_badge)
    list_filter = ("active",)
    actions = []


@admin.register(ReminderRun)
class ReminderRunAdmin(admin.ModelAdmin):
    """Each reminder round; the list shows whether a date's round ran."""

    list_display = ("date", "started_at", "finished_at", "members_told")
    readonly_fields = ("date", "started_at", "finished_at", "members_told")

    def has_add_permission(self, request):
        return False


class CommitteePlanTargetInline(admin.TabularInline):
    model = CommitteePlanTarget
    extra = 3


@admin.register(CommitteeLiaisonPlan)
class CommitteeLiaisonPlanAdmin(ScopedAdmin):
    """举措 四（一）: a special committee's yearly liaison plan and its targets, entered by its
    staff; its yearly summary (reports) sets what was done against them."""

    list_display = ("committee", "year", "members_meeting_visits", "entered_by")
    list_filter = ("year", "committee")
    search_fields = ("committee__name", "content")
    list_select_related = ("committee", "entered_by")
    readonly_fields = ("entered_by", "created_at")
    inlines = [CommitteePlanTargetInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "committee":  # committee staff plan for their own committee only
            committees = db_field.remote_field.model.objects.all()
            if not sees_everything(request.user):
                committees = committees.filter(pk=request.user.committee_id)
            kwargs["queryset"] = committees
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)
