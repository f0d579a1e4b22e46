from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

from .models import User
from .scoping import sees_everything


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
