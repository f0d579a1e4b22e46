"""Staff read the ledger and cases here; they change them on the clerk's screens, which
call the services (routing is a state machine: the admin never edits a case's state).
Visitors' personal data is always masked in the admin."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin import (
    CityRowsKeptByTheCity,
    ReadOnlyAdmin,
    ScopedAdmin,
    VoidAdmin,
    VoidedFilter,
)
from accounts.scoping import sees_everything
from core.links import url_for
from core.paging import CappedPaginator
from members.search import narrowed
from privacy.masking import mask_address, mask_name, mask_phone

from .choices import TopicState
from .models import (
    Activity,
    ActivityPhoto,
    Case,
    CaseStep,
    Cluster,
    ConsultationTopic,
    Department,
    PersonalDataAccess,
    ReplyTemplate,
    RetentionRun,
    RoutingSetting,
    Topic,
    Visitor,
)
from .receipt import receipt_normalize
from .services import consultation_topic_decide


@admin.register(Topic)
class TopicAdmin(ScopedAdmin):
    list_display = ("name", "position", "active")
    list_editable = ("position", "active")
    search_fields = ("name",)

    def get_queryset(self, request):
        return super(ScopedAdmin, self).get_queryset(request)  # reference data


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ("name", "kind", "district", "town", "contact", "active")
    list_filter = ("kind", "active", "district")
    search_fields = ("name",)
    list_select_related = ("district", "town")
    raw_id_fields = ("town",)


@admin.register(RoutingSetting)
class RoutingSettingAdmin(ScopedAdmin):
    list_display = ("key", "value", "is_local_setting", "basis")
    readonly_fields = ("key",)

    def get_queryset(self, request):
        return super(ScopedAdmin, self).get_queryset(request)

    def has_add_permission(self, request):
        return False  # the keys are fixed; staff change the values

    def has_delete_permission(self, request, obj=None):
        return False


class PhotoInline(admin.TabularInline):
    model = ActivityPhoto
    extra = 0
    readonly_fields = ("image", "uploaded_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ("date", "workroom", "form", "status", "attendance", "clerk_page")
    list_filter = ("status", "form", "workroom__town__district")
    search_fields = ("workroom__name", "summary")
    date_hierarchy = "date"
    list_select_related = ("workroom", "form")
    inlines = [PhotoInline]
    exclude = ("members_present",)
    readonly_fields = ("present",)

    @admin.display(description=_("到场委员"))
    def present(self, obj):
        return "、".join(m.name for m in obj.members_present.all())

    @admin.display(description=_("工作人员页面"))
    def clerk_page(self, obj):
        url = reverse("cases:activity", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("打开"))


@admin.register(Visitor)
class VisitorAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "masked_name", "masked_phone", "masked_address", "activity")
    fields = ("activity", "masked_name", "masked_phone", "masked_address", "consent_to_contact",
              "consent_recorded_at", "created_at", "anonymised_at")
    readonly_fields = fields
    list_select_related = ("activity__workroom",)

    @admin.display(description=_("姓名"))
    def masked_name(self, obj):
        return mask_name(obj.name)

    @admin.display(description=_("联系电话"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=_("住址"))
    def masked_address(self, obj):
        return mask_address(obj.address)


class StepInline(admin.TabularInline):
    model = CaseStep
    extra = 0
    fields = ("at", "action", "from_state", "to_state", "by", "department", "handler",
              "due_date", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _topic_named(term: str) -> Q:
    """The cases whose topic's name holds the term (the search's other field)."""
    topics = Topic.objects.filter(name__icontains=term).values_list("pk", flat=True)
    return Q(topic__in=list(topics))


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(CityRowsKeptByTheCity, ScopedAdmin):
    """常用答复: the municipal office keeps the city-wide answers; a district's staff add and
    edit their own district's, and read the city's. An answer no longer wanted is made
    inactive, not deleted (its history is kept)."""

    list_display = ("title", "topic", "district", "active", "created_by")
    list_filter = ("active", "topic", "district")
    search_fields = ("title", "text")
    list_select_related = ("topic", "district", "created_by")
    fields = ("title", "topic", "district", "text", "active")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        district = form.base_fields.get("district")
        if district is not None and not sees_everything(request.user):
            district.required = True
            district.queryset = district.queryset.filter(pk=request.user.district_id)
            district.initial = request.user.district_id
            district.help_text = _("本区的常用答复；全市通用的由市政协办公厅维护。")
        if "topic" in form.base_fields:
            form.base_fields["topic"].help_text = _("留空表示适用于所有类别。")
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Case)
class CaseAdmin(VoidAdmin, ReadOnlyAdmin):
    """Read here; routed on the clerk's screens; never deleted, voided with a reason."""

    list_display = ("__str__", "raised_on", "town", "state", "route", "due_date", "void_state",
                    "clerk_page")
    # No date_hierarchy: it adds a MIN/MAX and a DISTINCT year query over the whole filtered
    # set, slow on a large table (bench/README.md); the date filter costs no query.
    list_filter = ("state", "route", "topic", "district", "raised_on", VoidedFilter)
    search_fields = ("content", "topic__name", "community")
    list_select_related = ("topic", "town__district")  # Town.__str__ reads its district
    paginator = CappedPaginator  # counts at most 1,000 matches (core/paging.py)

    def get_search_results(self, request, queryset, search_term):
        """The admin's LIKE search, narrowed first by the characters index (PostgreSQL;
        the same results, without reading every case: members/search.py). A term also
        matches through its topic's name, which the index does not hold."""
        if receipt_normalize(search_term):  # a receipt number, as a resident reads it out
            return queryset.filter(receipt_no=receipt_normalize(search_term)), False
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        found = narrowed(found, search_term.split(), ("content", "community"), _topic_named)
        return found, may_have_duplicates
    exclude = ("visitor", "members", "current_step")
    readonly_fields = ("receipt_no", "voided_at", "voided_by", "void_reason")
    inlines = [StepInline]

    @admin.display(description=_("办理页面"))
    def clerk_page(self, obj):
        return format_html('<a href="{}">{}</a>', url_for("cases:case")(obj.pk), _("打开"))


@admin.register(Cluster)
class ClusterAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "district", "town", "first_date", "last_date", "flagged_at")
    list_filter = ("district", "topic")
    exclude = ("cases",)


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "visitor", "case", "purpose")
    list_filter = ("purpose",)
    date_hierarchy = "at"
    list_select_related = ("user", "visitor", "case")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    """What the daily retention job erased (cases.retention): counts, never whose data."""

    list_display = ("day", "months", "cutoff", "visitors_anonymised", "messages_cleared",
                    "started_at", "finished_at")
    date_hierarchy = "day"

    def has_delete_permission(self, request, obj=None):
        return False


class TopicDecisionForm(forms.ModelForm):
    state = forms.ChoiceField(
        label=_("处理结果"), choices=[(TopicState.ADOPTED, TopicState.ADOPTED.label),
                                  (TopicState.DECLINED, TopicState.DECLINED.label)],
    )

    class Meta:
        model = ConsultationTopic
        fields = ("state", "decision_note")


@admin.register(ConsultationTopic)
class ConsultationTopicAdmin(ScopedAdmin):
    """举措 四（三）: district staff record whether a suggested consultation topic entered the
    plan of consultation and democratic supervision (cases.services.consultation_topic_decide).
    Topics are proposed from the 集中反映 page, never added or deleted here."""

    form = TopicDecisionForm
    list_display = ("title", "cluster", "district", "state", "proposed_by", "proposed_at",
                    "decided_at")
    list_filter = ("state",)
    search_fields = ("title",)
    list_select_related = ("cluster__topic", "cluster__town", "cluster__district", "district",
                           "proposed_by")
    readonly_fields = ("title", "cluster", "district", "reason", "proposed_by", "proposed_at",
                       "decided_by", "decided_at")
    fields = readonly_fields[:6] + ("state", "decision_note") + readonly_fields[6:]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("cases.decide_consultationtopic")

    def save_model(self, request, obj, form, change):
        consultation_topic_decide(topic=obj, state=form.cleaned_data["state"],
                                  note=form.cleaned_data["decision_note"], by=request.user)
