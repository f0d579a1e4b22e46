from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .choices import EventKind
from .models import AuditEvent
from .services import audit_record


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The auditor reads the trail here and on /audit/; nobody adds, changes or deletes it."""

    list_display = ("at", "username", "ip_address", "kind", "object_shown", "object_repr", "path")
    # the kind of record by its name and the details in words, as on /audit/
    fields = ("at", "user", "username", "ip_address", "kind", "path", "object_shown",
              "object_id", "object_repr", "detail_shown")
    readonly_fields = fields
    list_filter = ("kind", "at")
    search_fields = ("username", "object_repr", "object_id", "path")
    date_hierarchy = "at"
    show_full_result_count = False
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("对象类型"), ordering="object_type")
    def object_shown(self, event):
        return event.object_label

    @admin.display(description=_("详情"))
    def detail_shown(self, event):
        return event.detail_text()


class Named:
    """A record under another name on the admin's pages (its own __str__ is English)."""

    def __init__(self, record, name: str):
        self._record, self._name = record, name

    def __getattr__(self, attr):
        return getattr(self._record, attr)

    def __str__(self):
        return self._name


class AxesRecordNames:
    """django-axes names its records in English ("Access Log for chen @ …", "Attempted
    Access: …"): its admin pages name them by who and when instead."""

    def record_name(self, record) -> str:
        when = timezone.localtime(record.attempt_time).strftime("%Y-%m-%d %H:%M:%S")
        return f"{record.username or _('（无用户名）')} {when}"

    def _named(self, request, object_id):
        record = self.get_object(request, unquote(object_id)) if object_id else None
        return None if record is None else Named(record, self.record_name(record))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        named = self._named(request, object_id)
        if named is not None:
            extra_context = {**(extra_context or {}), "original": named, "subtitle": str(named)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        named = self._named(request, object_id)
        if named is not None:
            extra_context = {**(extra_context or {}), "object": named,
                             "title": _("修改历史：%s") % named}
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        named = self._named(request, object_id)
        if named is not None:
            extra_context = {**(extra_context or {}), "object": named}
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        _rows, counts, needed, protected = super().get_deleted_objects(objs, request)
        rows = [f"{capfirst(self.opts.verbose_name)}: {self.record_name(o)}" for o in objs]
        return rows, counts, needed, protected


# The logs of django-axes, for the auditor, with their records named in Chinese.
admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)


@admin.register(AccessLog)
class LoginLogAdmin(AxesRecordNames, AccessLogAdmin):
    """Sign-ins and sign-outs."""


@admin.register(AccessFailureLog)
class FailedLoginLogAdmin(AxesRecordNames, AccessFailureLogAdmin):
    """Failed sign-ins."""


# The locks of django-axes, for the municipal office (view) and the user administrator
# (view and unlock). Unlocking is recorded in the audit trail.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockAdmin(AxesRecordNames, AccessAttemptAdmin):
    actions = ["unlock"]

    # axes names these two columns by their method names, in English
    @admin.display(description=_("锁定失效时间"))
    def expiration(self, obj):
        return super().expiration(obj)

    @admin.display(description=_("状态"))
    def status(self, obj):
        left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        return _("还可尝试 %(n)d 次") % {"n": left} if left > 0 else _("已锁定")

    @admin.action(description=_("解除所选账号和来源地址的锁定"), permissions=["delete"])
    def unlock(self, request, queryset):
        count = sum(self._unlock(request, attempt) for attempt in list(queryset))
        self.message_user(request, _("已解除 %(n)d 条锁定记录。") % {"n": count}, messages.SUCCESS)

    def delete_model(self, request, obj):
        self._unlock(request, obj)

    def delete_queryset(self, request, queryset):
        for attempt in list(queryset):
            self._unlock(request, attempt)

    def _unlock(self, request, attempt) -> int:
        removed = AxesProxyHandler.reset_attempts(
            ip_address=attempt.ip_address, username=attempt.username, ip_or_username=True,
        )
        audit_record(
            kind=EventKind.UNLOCK, request=request,
            detail={"username": attempt.username, "ip_address": attempt.ip_address,
                    "removed": removed},
        )
        return removed


class AuditedExportMixin:
    """Put before django-import-export's admin mixin: each export is one audit event. (A
    roster import records itself: members.services.roster_import.)"""

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        audit_record(kind=EventKind.EXPORT, request=request, detail={
            "model": self.model._meta.label_lower, "rows": queryset.count(),
            "format": file_format.get_title(),
        })
        return data
