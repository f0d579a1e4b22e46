from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin, ScopedAdmin

from .models import ApiClient, IntakeDay, OutcomePush, ServiceMapping, WorkOrder
from .services import api_client_new_key, outcome_push_resend


@admin.register(ServiceMapping)
class ServiceMappingAdmin(ScopedAdmin):
    """The hotline's classification and the topic each class becomes; changes are kept."""

    list_display = ("code", "name", "topic", "verified", "active")
    list_filter = ("verified", "active", "topic")
    search_fields = ("code", "name")
    list_select_related = ("topic",)

    def has_delete_permission(self, request, obj=None):
        return False  # work orders refer to it: switch it off instead


def _show_key(request, client: ApiClient, key: str, secret: str) -> None:
    messages.warning(request, _(
        "“%(name)s”的接口密钥：%(key)s　回传签名密钥：%(secret)s　"
        "只显示这一次，系统只保存摘要，请立即交给对方系统管理员妥善保存。"
    ) % {"name": client.name, "key": key, "secret": secret})


@admin.register(ApiClient)
class ApiClientAdmin(ScopedAdmin):
    """Clients of the exchange. The key is shown once, on creation or replacement."""

    list_display = ("name", "district", "rate_per_minute", "active", "key_prefix",
                    "last_used_at")
    list_filter = ("active", "district")
    search_fields = ("name",)
    list_select_related = ("district",)
    readonly_fields = ("key_prefix", "key_set_at", "last_used_at", "created_at")
    actions = ["replace_key"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        obj.created_by = request.user
        key, secret = api_client_new_key(client=obj)
        _show_key(request, obj, key, secret)

    def has_delete_permission(self, request, obj=None):
        return False  # the audit trail names it: stop it instead (启用)

    @admin.action(description=_("更换密钥（旧密钥立即失效）"), permissions=["change"])
    def replace_key(self, request, queryset):
        for client in queryset:
            key, secret = api_client_new_key(client=client)
            _show_key(request, client, key, secret)


class ReadOnly(ReadOnlyAdmin):
    """Written by the exchange alone (orders pulled in, outcomes pushed), and kept."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnly):
    list_display = ("external_id", "case", "service", "client", "received_at")
    list_filter = ("client", "service")
    search_fields = ("external_id",)
    list_select_related = ("case__topic", "service", "client")
    exclude = ("address",)  # may be a resident's home: read on the case's own page


@admin.register(IntakeDay)
class IntakeDayAdmin(ReadOnly):
    list_display = ("workroom", "date", "activity")
    list_select_related = ("workroom", "activity__workroom", "activity__form")


@admin.register(OutcomePush)
class OutcomePushAdmin(ReadOnly):
    list_display = ("order", "status", "attempts", "sent_at", "retry_at", "error")
    list_filter = ("status",)
    list_select_related = ("order",)
    actions = ["resend"]

    def has_resend_permission(self, request):
        return request.user.has_perm("exchange.change_outcomepush")

    @admin.action(description=_("重新回传（回传失败或待核实的）"), permissions=["resend"])
    def resend(self, request, queryset):
        sent = sum(outcome_push_resend(push=push) for push in queryset)
        messages.info(request, _("已重新排队%(n)s条。") % {"n": sent})
