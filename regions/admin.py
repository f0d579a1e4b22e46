from django.contrib import admin

from accounts.admin import ScopedAdmin

from .models import District, DistrictConvener, Town


class ConvenerInline(admin.TabularInline):
    model = DistrictConvener
    extra = 0
    max_num = 2  # 规范 第七条


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")
    inlines = [ConvenerInline]


@admin.register(Town)
class TownAdmin(ScopedAdmin):
    list_display = ("name", "kind", "district", "code", "lead_name", "lead_post")
    list_filter = ("district", "kind")
    search_fields = ("name", "code", "lead_name")
    list_select_related = ("district",)
    readonly_fields = ("code",)
