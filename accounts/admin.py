from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.forms import ModelMultipleChoiceField
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

from .forms import VoidForm
from .models import User
from .scoping import sees_everything
from .versions import VERSION_FIELD, has_versions, refuse_if_changed, version_of


class ScopedAdmin(SimpleHistoryAdmin):
    """Every staff admin page: rows, search, foreign-key choices all pass through `for_user`."""

    list_per_page = 50
    show_full_result_count = False

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
        self._in_scope_or_404(request, object_id)
        if not self.keeps_history:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

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
        return SimpleHistoryAdmin.object_history_template if self.keeps_history else None

    def _in_scope_or_404(self, request, object_id):
        """simple-history's views fall back to the history of any row: keep them in scope.
        Only the municipal office reads the history of deleted rows."""
        if sees_everything(request.user):
            return
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def get_form(self, request, obj=None, change=False, **kwargs):
        """A change is refused when the record has a newer version than the one the form was
        shown with (accounts/versions.py); the row is locked while that is checked."""
        form = super().get_form(request, obj, change=change, **kwargs)
        if not has_versions(obj):
            return form
        seen = request.POST.get(VERSION_FIELD)

        class VersionCheckedForm(form):
            def clean(self):
                data = super().clean()
                type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
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
        raise NotImplementedError

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
            count = self.void_records(request, queryset, form.cleaned_data["reason"])
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


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    """Managed by the user administrator (系统管理员) alone: no per-user permission grants."""

    list_display = (
        "username", "display_name", "role", "district", "town", "committee", "is_active"
    )
    list_filter = ("role", "is_active", "district")
    search_fields = ("username", "display_name")
    list_select_related = ("district", "town", "committee")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("display_name", "phone", "email")}),
        (_("角色与范围"), {"fields": ("role", "district", "town", "committee")}),
        (_("状态"), {"fields": ("is_active", "must_change_password", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        (_("角色与范围"), {"fields": ("display_name", "role", "district", "town", "committee")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def save_model(self, request, obj, form, change):
        # The administrator typed the first password: its owner must replace it (issue 7 item 1).
        if not change:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
