import re

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelMultipleChoiceField
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

from audit.choices import EventKind
from audit.services import audit_record, records_void
from core.history import HistoryAdmin
from core.links import URL_MARK
from core.versions import VERSION_FIELD, has_versions, refuse_if_changed, version_of

from .choices import RequestKind
from .forms import (
    ChangeRequestForm,
    DecisionActionForm,
    IdentityLinkForm,
    SecondFactorForm,
    VoidForm,
)
from .models import IdentityLink, RoleChangeRequest, User
from .permissions import PRIVILEGED_ROLES, is_privileged
from .scoping import sees_everything
from .services import (
    change_request_approve,
    change_request_file,
    change_request_refuse,
    needs_second_person,
    otp_devices_remove,
    password_set_by_other,
    role_fields,
)
from .wecom import wecom_link_changed

# Django's names of an auto-created many-to-many table's rows and of the table itself
LINK_ROW = re.compile(r"\w+_\w+ object \(\d+\)$")
LINK_TABLE = re.compile(r"[a-z_]+-[a-z_]+(?![a-z_])")


def _without_links(rows: list) -> list:
    kept = []
    for row in rows:
        if isinstance(row, list):
            kept.append(_without_links(row))
        elif not LINK_ROW.search(str(row)):
            kept.append(row)
    return [row for row in kept if row != []]


class ScopedChangeList(ChangeList):
    """Django's list, with each row's link made from one reversed link and the list's
    filters added once: Django reverses each row's link, then resolves it again to ask
    whether it is the list itself before it adds the filters the edit page returns to."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # A row's change page is never the list: the filters go on as they are.
        self.row_query, self.preserved_filters = self.preserved_filters, ""
        change = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                         args=[URL_MARK], current_app=self.model_admin.admin_site.name)
        self.change_url = change.rpartition(str(URL_MARK))

    def url_for_result(self, result):
        before, _mark, after = self.change_url
        link = f"{before}{quote(getattr(result, self.pk_attname))}{after}"
        return f"{link}?{self.row_query}" if self.row_query else link


class ScopedAdmin(HistoryAdmin):
    """Every staff admin page: rows, search, foreign-key choices all pass through `for_user`."""

    list_per_page = 50
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return ScopedChangeList

    def action_checkbox(self, obj):
        """Django's checkbox of a row, the same HTML, written directly: Django renders it as
        a form widget, through the form template renderer, once per row of every list."""
        aria_label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, str(obj.pk), aria_label,
        )

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Outside the user's scope and nonexistent look the same: 404, so ids do not leak.
        raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        if not self.keeps_history:
            # Django's own page: the changes made through the admin (LogEntry).
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version is read, never saved back: simple-history's revert would save it
        past every permission and check (a view-only role editing, a voided case un-voided)."""
        self._in_scope_or_404(request, object_id)
        if not self.keeps_history:
            raise Http404
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def get_deleted_objects(self, objs, request):
        """The deletion page without the rows of Django's own many-to-many link tables,
        which it lists in English ("reception-member relationship: Reception_members
        object (5)"): the links go with the record, as the page's own text says."""
        rows, counts, needed, protected = super().get_deleted_objects(objs, request)
        counts = {name: n for name, n in counts.items() if not LINK_TABLE.match(str(name))}
        return _without_links(rows), counts, needed, protected

    @property
    def keeps_history(self) -> bool:
        """Some scoped models keep no history rows on purpose (files the product generates,
        a visitor's personal data, which is erased on schedule)."""
        try:
            get_history_manager_for_model(self.model)
        except NotHistoricalModelError:
            return False
        return True

    @property
    def object_history_template(self):
        return HistoryAdmin.object_history_template if self.keeps_history else None

    def _in_scope_or_404(self, request, object_id):
        """simple-history's views fall back to the history of any row: keep them in scope.
        Only the municipal office reads the history of deleted rows."""
        if sees_everything(request.user):
            return
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def get_form(self, request, obj=None, change=False, **kwargs):
        """A change is refused when the record has a newer version than the one the form was
        shown with (core/versions.py); the row is locked while that is checked."""
        form = super().get_form(request, obj, change=change, **kwargs)
        if not has_versions(obj):
            return form
        seen = request.POST.get(VERSION_FIELD)

        class VersionCheckedForm(form):
            def clean(self):
                data = super().clean()
                # by pk alone: a Meta.ordering through a nullable key would join, and
                # PostgreSQL locks no row on the nullable side of an outer join
                type(obj)._default_manager.select_for_update().filter(pk=obj.pk).order_by(
                    "pk"
                ).first()
                refuse_if_changed(obj, seen)
                return data

        return VersionCheckedForm

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if change and has_versions(obj):
            # After a refusal the form keeps the version it was shown with: saving again
            # without reloading is refused again instead of overwriting the newer change.
            context["seen_version"] = request.POST.get(VERSION_FIELD, version_of(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        """An editor sees only the linked rows of their own scope (a joint record's
        co-authors of their district): saving keeps the links they could not see."""
        unseen = self._links_outside_scope(form) if change else {}
        super().save_related(request, form, formsets, change)
        for name, rows in unseen.items():
            getattr(form.instance, name).add(*rows)

    @staticmethod
    def _links_outside_scope(form) -> dict[str, list]:
        unseen = {}
        for name, field in form.fields.items():
            if not isinstance(field, ModelMultipleChoiceField) or not form.initial.get(name):
                continue
            initial = [getattr(row, "pk", row) for row in form.initial[name]]
            rows = list(field.queryset.model._default_manager.filter(pk__in=initial).exclude(
                pk__in=field.queryset.values("pk")))
            if rows:
                unseen[name] = rows
        return unseen

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", self._scoped_choices(db_field, request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", self._scoped_choices(db_field, request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _scoped_choices(self, db_field, request):
        queryset = db_field.remote_field.model._default_manager.all()
        if db_field.remote_field.model is User:
            return User.objects.assignable_by(request.user)
        if hasattr(queryset, "for_user"):
            return queryset.for_user(request.user)
        return queryset


class ReadOnlyAdmin(ScopedAdmin):
    """Rows that change only through the product's own pages and services: read here."""

    def history_view(self, request, object_id, extra_context=None):
        if not hasattr(self.model, "history"):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CityRowsKeptByTheCity:
    """A row without a district serves the whole city: only whoever sees everything (the
    municipal office) changes or deletes it; a district's staff keep their own rows."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.district_id is None and not sees_everything(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.district_id is None and not sees_everything(request.user):
            return False
        return super().has_delete_permission(request, obj)


class VoidedFilter(admin.SimpleListFilter):
    title = _("作废")
    parameter_name = "voided"

    def lookups(self, request, model_admin):
        return [("no", _("未作废")), ("yes", _("已作废"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(voided_at=None)
        if self.value() == "yes":
            return queryset.exclude(voided_at=None)
        return queryset


class VoidAdmin(ScopedAdmin):
    """Records the ledger and the evaluation rest on (cases, duty records; 规范 第十四条)
    are never deleted in the admin, by any role, superusers included: the delete page and
    the bulk delete are refused (403). Staff with the role's "void" permission void them
    with a reason instead (`void_records`, the app's service): the row stays, listed and
    marked, with its history, and each voiding is an audit event."""

    list_filter = (VoidedFilter,)
    actions = ["void"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.voided_at is not None:
            return False  # a voided record is read, not edited
        return super().has_change_permission(request, obj)

    def has_void_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.void_{self.opts.model_name}")

    def void_records(self, request, queryset, reason: str) -> int:
        return records_void(rows=queryset, by=request.user, reason=reason, request=request)

    @admin.display(description=_("作废"))
    def void_state(self, obj):
        return _("已作废") if obj.voided_at else ""

    @admin.action(description=_("作废所选记录（须填写原因）"), permissions=["void"])
    def void(self, request, queryset):
        """First the confirmation page with the reason; then the voiding."""
        queryset = queryset.filter(voided_at=None)
        if not queryset.exists():
            self.message_user(request, _("所选记录均已作废。"), messages.WARNING)
            return None
        form = VoidForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            try:
                count = self.void_records(request, queryset, form.cleaned_data["reason"])
            except ValidationError as refused:  # nothing was voided
                self.message_user(request, " ".join(refused.messages), messages.ERROR)
                return None
            self.message_user(request, _("已作废 %(n)d 条记录。") % {"n": count}, messages.SUCCESS)
            return None
        return TemplateResponse(request, "admin/void_confirmation.html", {
            **self.admin_site.each_context(request),
            "title": _("作废%(name)s") % {"name": self.opts.verbose_name},
            "opts": self.opts, "form": form, "records": list(queryset[:SHOWN]),
            "ids": list(queryset.values_list("pk", flat=True)), "count": queryset.count(),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        })


SHOWN = 100  # records listed on the confirmation page (all selected are voided)

NO_ROLE = {"role": "", "district": None, "town": None, "committee": None}
# 三员分立: what nobody changes on their own account in the admin.
OWN_READONLY = ("role", "district", "town", "committee", "is_active")


@admin.register(User)
class UserAdmin(BaseUserAdmin, HistoryAdmin):
    """Managed by the user administrator (系统管理员) alone: no per-user permission grants.

    三员分立: a privileged role (accounts.permissions.PRIVILEGED_ROLES) asked for here is
    filed as a RoleChangeRequest instead of being applied; nobody changes their own role,
    state or password here; a password set here must be changed by its owner, who is told."""

    list_display = (
        "username", "display_name", "role", "district", "town", "committee", "is_active"
    )
    list_filter = ("role", "is_active", "district")
    search_fields = ("username", "display_name")
    list_select_related = ("district", "town", "committee")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("display_name", "phone", "email")}),
        (_("角色与范围"), {
            "fields": ("role", "district", "town", "committee"),
            "description": _("授予、变更或撤销市政协办公厅、区政协工作人员、系统管理员、安全审计员"
                             "角色，须经市政协办公厅另一名工作人员审批后生效（特权变更申请）。"),
        }),
        (_("粤政易"), {
            "fields": ("wecom_userid",),
            "description": _("绑定后，本人可通过该粤政易账号登录（无需密码）并接收粤政易消息；"
                             "变更会通知本人并记入审计。特权账号和自己的账号只能由本人通过粤政易绑定。"),
        }),
        (_("状态"), {"fields": ("is_active", "must_change_password", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        (_("角色与范围"), {
            "fields": ("display_name", "role", "district", "town", "committee"),
            "description": _("特权角色（市政协办公厅、区政协工作人员、系统管理员、安全审计员）"
                             "在审批通过后才授予新账号。"),
        }),
    )
    # must_change_password is cleared only by its owner choosing a password of their own.
    readonly_fields = ("last_login", "date_joined", "must_change_password")

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pk == request.user.pk:
            # One's own 粤政易 id is linked through 粤政易 itself (accounts.wecom), which
            # proves it is one's own.
            fields = (*fields, *OWN_READONLY, "wecom_userid")
        elif obj is not None and is_privileged(obj):
            # Where a privileged account's notices go is its owner's to say: redirected, a
            # reset's notice would reach whoever redirected it. Its 粤政易 id likewise, and
            # more: whoever holds that id signs in as the account.
            fields = (*fields, "phone", "email", "wecom_userid")
        return fields

    def has_delete_permission(self, request, obj=None):
        # A privileged account loses its role through a request first; nobody deletes themself.
        if obj is not None and (obj.pk == request.user.pk or is_privileged(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        before = role_fields(User.objects.get(pk=obj.pk)) if change else NO_ROLE
        asked = role_fields(obj)
        divert = needs_second_person(before=before, after=asked)
        if divert:  # saved as it was; the change waits for a second person
            for name, value in before.items():
                setattr(obj, name, value)
        if not change:
            # The administrator typed the first password: its owner must replace it.
            obj.must_change_password = True
        wecom_before = User.objects.get(pk=obj.pk).wecom_userid if change else None
        super().save_model(request, obj, form, change)
        wecom_link_changed(user=obj, before=wecom_before, by=request.user, request=request)
        if divert:
            self._file_request(request, obj, asked)

    def _file_request(self, request, user, asked):
        change = RoleChangeRequest(user=user, kind=RequestKind.ROLE, requested_by=request.user,
                                   **asked)
        try:
            change_request_file(change=change, request=request)
        except ValidationError as error:
            why = "；".join(error.messages)
            self.message_user(request, _("角色未变更：%(why)s") % {"why": why}, messages.ERROR)
            return
        self.message_user(request, _(
            "角色与范围的变更（%(what)s）须经市政协办公厅另一名工作人员审批后生效，已提交申请。"
        ) % {"what": change.asked()}, messages.WARNING)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if user is not None and user.pk == request.user.pk:
            # One's own password is changed on one's own page, which asks for the present one.
            return redirect("password_change")
        if user is not None and is_privileged(user):
            # Whoever sets a privileged account's password could sign in as it; its owner
            # changes it on their own page. A lost one: remove the role by request, reset,
            # and grant it again once the owner has chosen their own password.
            self.message_user(request, _(
                "特权账号（市政协办公厅、区政协工作人员、系统管理员、安全审计员）的密码只能由本人修改。"
                "如本人遗失密码，请先提交撤销其特权角色的申请，重置密码并由本人修改后再申请授予。"
            ), messages.ERROR)
            return redirect("admin:accounts_user_change", user.pk)
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the form was accepted
            password_set_by_other(user=user, by=request.user, request=request)
        return response

    # simple-history's pages fall back to the history of any id: keep them to the accounts
    # this user reaches, and 404 whether or not the id exists. Nobody reverts an account.
    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def _in_scope_or_404(self, request, object_id):
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404


@admin.register(RoleChangeRequest)
class RoleChangeRequestAdmin(HistoryAdmin):
    """The user administrator files a request (here, or by saving a privileged change of a
    user); the municipal office approves or refuses it with the list's actions; the auditor
    reads. Nothing of a request is edited or deleted."""

    list_display = ("requested_at", "user", "kind", "asked", "requested_by", "status",
                    "decided_by", "decided_at", "decision_note")
    list_filter = ("status", "kind")
    list_select_related = ("user", "requested_by", "decided_by", "district", "town", "committee")
    search_fields = ("user__username", "user__display_name")
    form = ChangeRequestForm
    action_form = DecisionActionForm
    actions = ["approve", "refuse"]
    show_full_result_count = False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":  # a request's past versions are read, never saved back
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"requester": request.user})

    def get_fields(self, request, obj=None):
        if obj is None:
            return ChangeRequestForm.Meta.fields
        return ("user", "kind", "asked", "reason", "requested_by", "requested_at", "status",
                "decided_by", "decided_at", "decision_note")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":  # any account but one's own and the emergency ones
            kwargs["queryset"] = User.objects.filter(is_active=True, is_superuser=False).exclude(
                pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # "change" is the municipal office's decision (the actions); no request is edited.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.requested_by = request.user
        change_request_file(change=obj, request=request)

    @admin.display(description=_("申请内容"))
    def asked(self, obj):
        return obj.asked()

    @admin.action(description=_("批准所选申请"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, change_request_approve, _("已批准 %(n)d 项申请。"))

    @admin.action(description=_("拒绝所选申请"), permissions=["change"])
    def refuse(self, request, queryset):
        self._decide(request, queryset, change_request_refuse, _("已拒绝 %(n)d 项申请。"))

    def _decide(self, request, queryset, decide, done):
        note = request.POST.get("note", "")
        decided = 0
        for change in queryset.select_related("user", "requested_by"):
            try:
                decide(change=change, by=request.user, note=note, request=request)
                decided += 1
            except ValidationError as error:
                self.message_user(request, f"{change}：{'；'.join(error.messages)}",
                                  messages.ERROR)
        if decided:
            self.message_user(request, done % {"n": decided}, messages.SUCCESS)


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class SecondFactorAdmin(TOTPDeviceAdmin):
    """Lost phones: the user administrator removes a device, and its owner sets up a new
    one at the next sign-in. A device is set up only by its owner (nobody adds or edits one
    here, so nobody plants a key they know); nobody removes their own here; a privileged
    account's is removed only through an approved request."""

    actions = ["remove_devices"]
    form = SecondFactorForm
    search_help_text = _("按用户名或电子邮件地址搜索。")
    # django-otp's section titles, which it does not translate
    SECTIONS = {"Identity": _("设备"), "Timestamps": _("时间"), "Configuration": _("口令设置"),
                "State": _("状态"), "Throttling": _("验证失败限制")}

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(user=request.user)

    def get_fieldsets(self, request, obj=None):
        return [(self.SECTIONS.get(title, title), options)
                for title, options in super().get_fieldsets(request, obj)]

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # remove_devices says what happened to each
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        device = self.get_object(request, unquote(object_id))
        if device is None or not is_privileged(device.user):
            return super().delete_view(request, object_id, extra_context)
        if not self.has_delete_permission(request, device):
            raise PermissionDenied
        if request.method == "POST" and request.POST:
            self._remove(request, device.user)
            return redirect(reverse("admin:otp_totp_totpdevice_changelist"))
        self.message_user(request, _("该账号是特权账号：确认后将提交删除申请，经市政协办公厅另一名"
                                     "工作人员审批后才删除。"), messages.WARNING)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        otp_devices_remove(user=obj.user, by=request.user, request=request)

    @admin.action(description=_("删除所选设备（特权账号的须经审批）"), permissions=["delete"])
    def remove_devices(self, request, queryset):
        for user in User.objects.filter(pk__in=queryset.values("user")):
            self._remove(request, user)

    def _remove(self, request, user):
        if not is_privileged(user):
            otp_devices_remove(user=user, by=request.user, request=request)
            self.message_user(request, _("已删除 %(user)s 的动态口令设备。") % {"user": user},
                              messages.SUCCESS)
            return
        change = RoleChangeRequest(user=user, kind=RequestKind.REMOVE_OTP,
                                   requested_by=request.user)
        try:
            change_request_file(change=change, request=request)
        except ValidationError as error:
            self.message_user(request, f"{user}：{'；'.join(error.messages)}", messages.ERROR)
            return
        self.message_user(request, _("已提交删除 %(user)s 的动态口令设备的申请，须经市政协办公厅"
                                     "另一名工作人员审批后生效。") % {"user": user},
                          messages.WARNING)


@admin.register(IdentityLink)
class IdentityLinkAdmin(HistoryAdmin):
    """统一身份绑定: the user administrator links the subject a person gives them (shown on
    their refusal page) to that person's account, or removes a link. 三员分立: not to a
    privileged account (its owner links it after their own sign-in), nor to their own."""

    form = IdentityLinkForm
    list_display = ("user", "subject", "issuer", "linked_by", "linked_at", "last_used_at")
    search_fields = ("user__username", "user__display_name", "subject")
    list_select_related = ("user", "linked_by")
    fields = ("user", "subject", "issuer", "linked_by", "linked_at", "last_used_at")
    readonly_fields = ("issuer", "linked_by", "linked_at", "last_used_at")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user__in=User.objects.for_user(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = (
                User.objects.for_user(request.user).exclude(pk=request.user.pk)
                .exclude(role__in=PRIVILEGED_ROLES).filter(identity_link=None)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return False  # a wrong link is deleted and made again, never redirected

    def save_model(self, request, obj, form, change):
        from django.conf import settings

        obj.issuer = settings.OIDC_ISSUER
        obj.linked_by = request.user
        super().save_model(request, obj, form, change)
        audit_record(kind=EventKind.IDENTITY_LINKED, request=request, obj=obj)

    def delete_model(self, request, obj):
        audit_record(kind=EventKind.IDENTITY_UNLINKED, request=request, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for link in queryset:
            self.delete_model(request, link)
