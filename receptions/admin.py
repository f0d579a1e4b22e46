"""Staff admin for the holiday calendar, district rules, important events, receptions and
their notices (规范 第九条). Every action goes through receptions.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.admin import ScopedAdmin
from accounts.scoping import sees_everything
from core.history import HistoryAdmin
from core.links import site_base_url
from regions.models import District

from . import services
from .calendar import WorkCalendar, package_covers
from .choices import ReceptionStatus
from .models import (
    CalendarYear,
    DistrictReceptionRule,
    Holiday,
    ImportantEvent,
    Notice,
    Reception,
)


class RemindsToReplan:
    """Holidays are city-wide and entered a row at a time: remind, do not replan each save."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        messages.info(
            request,
            _("节假日安排已修改。录入完毕后，请在“接待安排”中重新生成受影响年度的接待计划。"),
        )


@admin.register(Holiday)
class HolidayAdmin(RemindsToReplan, HistoryAdmin):
    list_display = ("date", "kind", "name", "source")
    list_filter = ("kind", "source")
    date_hierarchy = "date"
    search_fields = ("name",)


@admin.register(CalendarYear)
class CalendarYearAdmin(RemindsToReplan, HistoryAdmin):
    list_display = ("year", "complete", "package", "source")

    @admin.display(description=_("日历软件包已收录"), boolean=True)
    def package(self, obj):
        return package_covers(obj.year)


class RefreshesPlans:
    """Saving or deleting a row that decides reception days refreshes the plans already
    made, and tells staff what moved and what could not (notice already out)."""

    def _affected(self, obj) -> tuple[list[int], District | None]:
        raise NotImplementedError

    def _refresh(self, request, obj) -> None:
        years, district = self._affected(obj)
        for result in services.plans_refresh(years=years, district=district, by=request.user):
            messages.info(request, result.summary())
            for warning in result.warnings:
                messages.warning(request, warning)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._refresh(request, obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._refresh(request, obj)


@admin.register(DistrictReceptionRule)
class DistrictReceptionRuleAdmin(RefreshesPlans, ScopedAdmin):
    list_display = ("district", "describe", "weekends_count_as_working")
    list_select_related = ("district",)

    def _affected(self, obj):
        year = timezone.localdate().year
        return [year, year + 1], obj.district

    @admin.display(description=_("接待日"))
    def describe(self, obj):
        return obj.describe()


@admin.register(ImportantEvent)
class ImportantEventAdmin(RefreshesPlans, ScopedAdmin):
    """City-wide events (no district) are entered by the municipal office only."""

    def _affected(self, obj):
        return [obj.date.year], obj.district

    list_display = ("date", "title", "district")
    list_filter = ("district",)
    date_hierarchy = "date"
    search_fields = ("title",)
    list_select_related = ("district",)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not sees_everything(request.user) and "district" in form.base_fields:
            form.base_fields["district"].required = True
        return form

    def has_change_permission(self, request, obj=None):
        city_wide = obj is not None and obj.district_id is None
        if city_wide and not sees_everything(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        city_wide = obj is not None and obj.district_id is None
        if city_wide and not sees_everything(request.user):
            return False
        return super().has_delete_permission(request, obj)


class WithheldFilter(admin.SimpleListFilter):
    """规范 第九条: receptions whose notice is withheld for want of a member on duty."""

    title = _("公告暂缓（未安排当值委员）")
    parameter_name = "withheld"

    def lookups(self, request, model_admin):
        return [("yes", _("是")), ("no", _("否"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.notice_withheld()
        if self.value() == "no":
            return queryset.exclude(pk__in=Reception.objects.notice_withheld().values("pk"))
        return queryset


class NoticeInline(admin.TabularInline):
    model = Notice
    extra = 0
    can_delete = False
    fields = ("sequence", "kind", "published_at", "pdf_link")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("公告文件"))
    def pdf_link(self, obj):
        if not obj.pdf:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("workrooms:notice_pdf", args=[obj.pk]), _("下载PDF")
        )


class ReceptionForm(forms.ModelForm):
    class Meta:
        model = Reception
        fields = (
            "workroom",
            "nominal_date",
            "date",
            "move_reason",
            "starts_at",
            "ends_at",
            "place",
            "members",
            "status",
        )

    def clean_members(self):
        members = self.cleaned_data.get("members")
        if not members:
            # 规范 第九条: the notice names the members on duty.
            raise forms.ValidationError(
                _("请至少安排一名当值委员（规范 第九条：公告须载明委员姓名）。")
            )
        return members

    def clean_status(self):
        status = self.cleaned_data.get("status")
        was = self.instance.status if self.instance.pk else ReceptionStatus.PLANNED
        if status == ReceptionStatus.PUBLISHED and was != ReceptionStatus.PUBLISHED:
            raise forms.ValidationError(_("公告由系统在接待前3天自动发布，不能手动设为“已公告”。"))
        if was == ReceptionStatus.PUBLISHED and status == ReceptionStatus.PLANNED:
            raise forms.ValidationError(_("公告已发布，不能改回“已排期”；如需改期请直接修改日期。"))
        return status

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("结束时间须晚于开始时间。"))
        return cleaned


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2020, max_value=2100)
    district = forms.ModelChoiceField(
        label=_("区"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("全部（我负责的范围）"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.for_user(user)


@admin.register(Reception)
class ReceptionAdmin(ScopedAdmin):
    form = ReceptionForm
    change_list_template = "receptions/admin_change_list.html"
    list_display = (
        "date",
        "workroom",
        "nominal_date",
        "move_reason",
        "status",
        "duty",
        "notice_published_at",
        "withheld",
        "noticed_late",
        "provisional",
    )
    list_filter = (
        "status", WithheldFilter, "noticed_late", "manual_date", "workroom__town__district"
    )
    date_hierarchy = "date"
    search_fields = ("workroom__name", "workroom__town__name", "place", "members__name")
    list_select_related = ("workroom",)
    filter_horizontal = ("members",)
    autocomplete_fields = ("workroom",)
    inlines = [NoticeInline]
    actions = ["cancel_selected", "publish_now"]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "workroom",
                    "nominal_date",
                    "date",
                    "provisional",
                    "move_reason",
                    "starts_at",
                    "ends_at",
                    "place",
                )
            },
        ),
        (_("当值委员"), {"fields": ("suggestions", "members")}),
        (
            _("状态与公告"),
            {
                "fields": (
                    "status", "notice_published_at", "notice_withheld_at", "noticed_late",
                    "manual_date",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members").with_calendar_confirmed()

    def get_readonly_fields(self, request, obj=None):
        fields = [
            "suggestions", "provisional", "notice_published_at", "notice_withheld_at",
            "noticed_late", "manual_date",
        ]
        return fields + (["workroom", "nominal_date"] if obj else [])

    @admin.display(description=_("当值委员"))
    def duty(self, obj):
        return "、".join(member.name for member in obj.members.all()) or "—"

    @admin.display(description=_("日期状态"))
    def provisional(self, obj):
        """规范 第九条: a date in a year whose holiday schedule is not entered may still move."""
        if obj is None or not obj.pk:
            return "—"
        return obj.provisional_note() or _("已按国务院放假安排确定")

    @admin.display(description=_("公告暂缓：缺当值委员"), boolean=True)
    def withheld(self, obj):
        """规范 第九条: due for its notice, no member on duty to name (notice_withhold)."""
        return obj.notice_withheld

    @admin.display(description=_("建议安排"))
    def suggestions(self, obj):
        """Members serving here who are not exempt and short of the year's community-visit
        quota (规范 第五条: 2 unless staff set another), counted as the quota engine does."""
        if obj is None or not obj.pk:
            return _("保存后显示本工作室本年度尚未完成进社区活动指标的委员。")
        members = services.duty_suggestions(workroom=obj.workroom, year=obj.date.year)
        if not members:
            return _("本工作室委员本年度均已完成进社区活动指标（或免于履职）。")
        return format_html_join(
            "、", "{}（本年已确认 {} 次）", ((m.name, m.visits) for m in members)
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        old_date = form.initial.get("date") if change else None
        for warning in services.reception_record_change(
            reception=form.instance, old_date=old_date, base_url=site_base_url(request)
        ):
            messages.warning(request, warning)

    @admin.action(description=_("取消所选接待（已公告的发布更正公告）"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        for reception in queryset.select_related("workroom"):
            for warning in services.reception_cancel(reception=reception, reason="工作人员取消"):
                messages.warning(request, warning)
        messages.success(request, _("已取消所选接待。"))

    @admin.action(description=_("立即发布接待公告"), permissions=["change"])
    def publish_now(self, request, queryset):
        published, withheld = 0, []
        base_url = site_base_url(request)
        due = queryset.filter(status=ReceptionStatus.PLANNED, notice_published_at=None)
        for reception in due.prefetch_related("members"):
            notice = services.notice_publish(reception_id=reception.pk, base_url=base_url)
            published += notice is not None
            if notice is None and not reception.members.all():
                withheld.append(str(reception))
        messages.success(request, _("已发布 %(n)d 份接待公告。") % {"n": published})
        if withheld:
            messages.warning(request, _(
                "以下接待尚未安排当值委员，公告未发布（规范 第九条：公告须载明委员姓名），"
                "请先安排委员：%(list)s"
            ) % {"list": "、".join(withheld)})

    # ------------------------------------------------------------ yearly plan

    def get_urls(self):
        plan = self.admin_site.admin_view(self.plan_view)
        return [path("plan/", plan, name="receptions_reception_plan"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "calendar_warnings": self._calendar_warnings() + self._withheld_warnings(request),
            "can_plan": request.user.has_perm("receptions.add_reception"),
        }
        return super().changelist_view(request, extra_context)

    def _withheld_warnings(self, request) -> list[str]:
        """规范 第九条: the receptions in the user's scope whose notice is withheld."""
        count = self.get_queryset(request).notice_withheld().count()
        if not count:
            return []
        return [_(
            "%(n)d 场接待尚未安排当值委员，公告暂缓发布（规范 第九条：公告须载明委员姓名）。"
            "请用右侧“公告暂缓”筛选，安排委员并保存后即发布。"
        ) % {"n": count}]

    def _calendar_warnings(self) -> list[str]:
        year = timezone.localdate().year
        calendar = WorkCalendar()
        return [
            services.uncovered_year_warning(y) for y in (year, year + 1) if not calendar.covers(y)
        ]

    def plan_view(self, request):
        """生成年度接待计划: create or refresh the plan of a year (规范 第九条)."""
        if not request.user.has_perm("receptions.add_reception"):
            raise PermissionDenied
        form = PlanForm(
            request.POST or None, user=request.user, initial={"year": timezone.localdate().year + 1}
        )
        result = None
        if request.method == "POST" and form.is_valid():
            result = services.reception_plan_year(
                year=form.cleaned_data["year"],
                district=form.cleaned_data["district"],
                by=request.user,
            )
            messages.success(request, result.summary())
            for warning in result.warnings:
                messages.warning(request, warning)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("生成年度接待计划"),
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "receptions/admin_plan.html", context)


@admin.register(Notice)
class NoticeAdmin(ScopedAdmin):
    list_display = ("reception", "sequence", "kind", "published_at", "pdf_link")
    list_filter = ("kind",)
    list_select_related = ("reception__workroom",)
    date_hierarchy = "published_at"
    readonly_fields = ("reception", "kind", "sequence", "pdf", "facts", "published_at")
    exclude = ("content",)  # kept as data; `facts` says it in words

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("公告内容"))
    def facts(self, obj):
        """What the notice said, in words (its content is kept as data)."""
        content = obj.content or {}
        lines = [_("时间：%s") % services.when_text(content)] if content.get("date") else []
        lines.append(_("地点：%s") % content.get("place", ""))
        if "members" in content:
            lines.append(_("当值委员：%s") % ("、".join(content["members"]) or _("待定")))
        if content.get("cancelled"):
            lines.append(_("已取消"))
        return "；".join(str(line) for line in lines)

    @admin.display(description=_("公告文件"))
    def pdf_link(self, obj):
        return NoticeInline.pdf_link(None, obj)
