from django.contrib import admin, messages
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from audit.choices import EventKind
from audit.services import audit_record
from privacy.masking import mask_phone

from .choices import DeliveryStatus
from .models import Message, SmsOutbox
from .services import message_mark_delivered, message_resend


def _masked(address: str) -> str:
    """An address may be a visitor's phone number: shown masked."""
    return address if "@" in address else mask_phone(address)


class OutsidersGet404:
    """An id outside the user's messages looks like one that does not exist: 404, not a
    redirect with "perhaps it was deleted" (the rule of every scoped admin, ScopedAdmin)."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404


@admin.register(Message)
class MessageAdmin(OutsidersGet404, admin.ModelAdmin):
    """The message log. 待核实 messages (the worker died inside the gateway call, so nobody
    knows whether they arrived) wait here for the municipal office: once they have asked the
    recipient or read the gateway's records, they resend it or mark it delivered."""

    list_display = ("created_at", "channel", "recipient_name", "subject", "status", "attempts",
                    "sent_at", "retry_at", "read_at")
    list_filter = ("status", "channel")
    search_fields = ("subject", "recipient_name", "key")
    show_full_result_count = False
    exclude = ("address", "key")  # the key is the machine's ("report-reopened:5")
    readonly_fields = ("masked_address",)
    actions = ["resend", "mark_delivered"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("地址"))
    def masked_address(self, obj):
        return _masked(obj.address)

    def has_answer_permission(self, request):
        """Answering for a message (resend, delivered) is a change to it; the form stays
        read-only."""
        return request.user.has_perm("notices.change_message")

    @admin.action(description=_("重新发送所选的待核实或发送失败的消息"), permissions=["answer"])
    def resend(self, request, queryset):
        self._answer(request, queryset, message_resend, _("重新发送"),
                     _("已重新发送 %(n)d 条消息。"))

    @admin.action(description=_("将所选的待核实消息标记为已送达"), permissions=["answer"])
    def mark_delivered(self, request, queryset):
        self._answer(request, queryset.filter(status=DeliveryStatus.CHECKING),
                     message_mark_delivered, _("标记为已送达"), _("已标记 %(n)d 条消息为已送达。"))

    @transaction.atomic
    def _answer(self, request, queryset, answer, what, done):
        count = 0
        for message in queryset:
            if answer(message=message):
                count += 1
                audit_record(kind=EventKind.CHANGE, request=request, obj=message,
                             detail={"action": str(what), "status_was": message.status})
        level = messages.SUCCESS if count else messages.WARNING
        self.message_user(request, done % {"n": count}, level)


@admin.register(SmsOutbox)
class SmsOutboxAdmin(OutsidersGet404, admin.ModelAdmin):
    """Scoped like the messages themselves; numbers masked, never searched (encrypted)."""

    list_display = ("created_at", "masked_phone", "body")
    search_fields = ("body",)
    exclude = ("phone",)
    readonly_fields = ("masked_phone",)

    def get_queryset(self, request):
        visible = Message.objects.for_user(request.user).values("pk")
        return super().get_queryset(request).filter(message__in=visible)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("手机号码"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)
