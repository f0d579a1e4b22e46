from django.contrib import admin

from .models import Message, SmsOutbox


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "recipient_name", "subject", "status", "read_at")
    list_filter = ("channel", "status")
    search_fields = ("subject", "recipient_name", "key")
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SmsOutbox)
class SmsOutboxAdmin(admin.ModelAdmin):
    list_display = ("created_at", "phone", "body")
    search_fields = ("phone", "body")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
