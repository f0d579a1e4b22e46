from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm

from accounts.admin import ScopedAdmin
from audit.admin import AuditedExportMixin

from .models import Committee, Constituent, GuidanceRequest, ImportRun, Member, Sector
from .resources import MemberResource
from .search import narrowed
from .services import guidance_request_answer, roster_import
from .validators import PhoneFieldsNormalised


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label="名册文件", help_text="Excel（.xlsx）或 CSV（UTF-8 或 GB18030 编码），第1行为列名。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(label="只检查，不导入", required=False)


class RosterAdminMixin(AuditedExportMixin, ImportExportMixin):
    """Import and export of a roster on a ScopedAdmin changelist.

    Import is one step through `members.services.roster_import` (all-or-nothing, every bad
    row listed in Chinese), not the library's preview-then-confirm, which would run the
    import twice. Export goes through `get_queryset`, that is `for_user`, and is audited.
    """

    roster_resource = None
    roster_template_url = ""  # URL name of the empty template download
    formats = [base_formats.XLSX, base_formats.CSV]
    to_encoding = "utf-8-sig"  # so that Excel opens the CSV as UTF-8
    import_export_change_list_template = "admin/roster/change_list.html"
    export_form_class = ExportForm  # every column: an export is a roster that imports back

    def get_resource_classes(self, request):
        return [self.roster_resource]

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_filename(self, request, queryset, file_format):
        stamp = timezone.localdate().isoformat()
        return f"{self.roster_resource.roster}-{stamp}.{file_format.get_extension()}"

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}),
                         "roster_template_url": reverse(self.roster_template_url)}
        return super().changelist_view(request, extra_context)

    def export_action(self, request):
        """The export takes the list's filters from the address; one the list does not have
        (a hand-made or stale link, ?format=0) sends the user back to the list, as the list
        itself does, instead of failing."""
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            messages.error(request, _(
                "导出地址中含有名单没有的筛选条件，未导出。请在名单中筛选后再导出。"
            ))
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def process_import(self, request, **kwargs):
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = RosterImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            report = roster_import(
                resource_class=self.roster_resource, file=upload, file_name=upload.name,
                by=request.user, dry_run=form.cleaned_data["dry_run"],
            )
            if report.ok and not report.dry_run:
                messages.success(request, report.summary())
                return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        return TemplateResponse(request, "admin/roster/import.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts, "form": form, "report": report,
            "title": f"导入{self.roster_resource._meta.name}",
            "columns": self.roster_resource.column_names(),
            "required": self.roster_resource.required_columns,
            "key_label": self.roster_resource.key_label,
            "roster_template_url": reverse(self.roster_template_url),
        })


@admin.register(Sector)
class SectorAdmin(ScopedAdmin):
    list_display = ("name", "exempt_from_community_duty", "convener")
    list_filter = ("exempt_from_community_duty",)
    search_fields = ("name",)
    raw_id_fields = ("convener",)

    def get_queryset(self, request):
        return super(ScopedAdmin, self).get_queryset(request)  # reference data: all staff read it


@admin.register(Committee)
class CommitteeAdmin(ScopedAdmin):
    list_display = ("name",)
    search_fields = ("name",)

    def get_queryset(self, request):
        return super(ScopedAdmin, self).get_queryset(request)


class ConstituentInline(PhoneFieldsNormalised, admin.TabularInline):
    model = Constituent
    extra = 0
    max_num = Constituent.MAX_PER_MEMBER
    fields = ("name", "work_unit", "phone", "paired_on")


# The columns of search_fields, as the index members_member_search_chars holds them.
SEARCH_COLUMNS = ("name", "work_unit", "post")


@admin.register(Member)
class MemberAdmin(PhoneFieldsNormalised, RosterAdminMixin, ScopedAdmin):
    list_display = (
        "name", "level", "district", "sector", "committee", "is_standing", "status", "exempt",
    )
    list_filter = ("level", "status", "is_standing", "exempt", "district", "sector", "committee")
    search_fields = ("name", "work_unit", "post")
    list_select_related = ("district", "sector", "committee")
    raw_id_fields = ("user",)
    inlines = [ConstituentInline]
    roster_resource = MemberResource

    def get_search_results(self, request, queryset, search_term):
        """The admin's LIKE search, narrowed first by the characters index (PostgreSQL;
        the same results, without walking every member: members/search.py)."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return narrowed(found, search_term.split(), SEARCH_COLUMNS), may_have_duplicates

    roster_template_url = "members:import_template"
    fieldsets = (
        (None, {"fields": ("name", "level", "term", "is_standing", "status")}),
        ("所属", {"fields": ("district", "sector", "committee")}),
        ("公开信息（规范 第八条）", {"fields": ("photo", "work_unit", "post")}),
        ("通知方式", {"fields": ("phone", "email", "user")}),
        ("任期（规范 第五条）", {
            "fields": ("joined_on", "left_on"),
            "description": "年中任职或离任的委员，当年只计在任期间的履职，年度指标按在任月数折算"
                           "（折算规则为本地设置，见“年中任职离任折算规则”）。",
        }),
        ("免除（规范 第五条）", {"fields": ("exempt", "exempt_reason")}),
    )


@admin.register(Constituent)
class ConstituentAdmin(PhoneFieldsNormalised, ScopedAdmin):
    list_display = ("name", "member", "work_unit", "paired_on")
    search_fields = ("name", "member__name")
    list_select_related = ("member",)
    raw_id_fields = ("member",)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """The record of every roster import: read-only, nobody edits or deletes it."""

    list_display = ("at", "roster", "file_name", "by", "dry_run", "ok", "rows", "created",
                    "updated", "error_count")
    list_filter = ("roster", "ok", "dry_run")
    search_fields = ("file_name", "by__username")
    list_select_related = ("by",)
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # outside the user's scope looks like nonexistent

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GuidanceAnswerForm(forms.ModelForm):
    class Meta:
        model = GuidanceRequest
        fields = ("answer",)

    def clean_answer(self):
        answer = self.cleaned_data["answer"].strip()
        if not answer:
            raise forms.ValidationError(_("请填写答复内容（规范 第十二条）。"))
        return answer


@admin.register(GuidanceRequest)
class GuidanceRequestAdmin(ScopedAdmin):
    """规范 第十二条: district staff read their members' requests and answer them here; the
    member is told (members.services.guidance_request_answer). Requests come from the
    members' own page, never added or deleted here; the history keeps every answer."""

    form = GuidanceAnswerForm
    list_display = ("subject", "member", "kind", "state", "district", "wanted_by", "created_at",
                    "answered_at")
    list_filter = ("state", "kind")
    search_fields = ("subject", "member__name")
    list_select_related = ("member", "district")
    readonly_fields = ("member", "district", "kind", "subject", "details", "wanted_by", "state",
                       "created_at", "answered_by", "answered_at")
    fields = readonly_fields[:6] + ("answer",) + readonly_fields[6:]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        guidance_request_answer(asked=obj, answer=form.cleaned_data["answer"], by=request.user)
