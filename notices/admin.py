from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from members.validators import mask_phone

from .models import Message, SmsOutbox


def _masked(address: str) -> str:
    """An address may be a visitor's phone number: shown masked (issue 7 item 4)."""
    return address if "@" in address else mask_phone(address)


class OutsidersGet404:
    """An id outside the user's messages looks like one that does not exist: 404, not a
    redirect with "perhaps it was deleted" (the rule of every scoped admin, ScopedAdmin)."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404


@admin.register(Message)
class MessageAdmin(OutsidersGet404, admin.ModelAdmin):
    list_display = ("created_at", "channel", "recipient_name", "subject", "status", "attempts",
                    "retry_at", "read_at")
    list_filter = ("channel", "status")
    search_fields = ("subject", "recipient_name", "key")
    show_full_result_count = False
    exclude = ("address",)
    readonly_fields = ("masked_address",)

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("地址"))
    def masked_address(self, obj):
        return _masked(obj.address)


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
