from django.contrib import admin

from accounts.admin import ScopedAdmin

from .models import Committee, Constituent, Member, Sector


@admin.register(Sector)
class SectorAdmin(ScopedAdmin):
    list_display = ("name", "exempt_from_community_duty", "convener")
    list_filter = ("exempt_from_community_duty",)
    search_fields = ("name",)
    raw_id_fields = ("convener",)

    def get_queryset(self, request):
        return super(ScopedAdmin, self).get_queryset(request)  # reference data: all staff read it


@admin.register(Committee)
class CommitteeAdmin(ScopedAdmin):
    list_display = ("name",)
    search_fields = ("name",)

    def get_queryset(self, request):
        return super(ScopedAdmin, self).get_queryset(request)


class ConstituentInline(admin.TabularInline):
    model = Constituent
    extra = 0
    max_num = Constituent.MAX_PER_MEMBER
    fields = ("name", "work_unit", "phone", "paired_on")


@admin.register(Member)
class MemberAdmin(ScopedAdmin):
    list_display = (
        "name", "level", "district", "sector", "committee", "is_standing", "status", "exempt",
    )
    list_filter = ("level", "status", "is_standing", "exempt", "district", "sector", "committee")
    search_fields = ("name", "work_unit", "post")
    list_select_related = ("district", "sector", "committee")
    raw_id_fields = ("user",)
    inlines = [ConstituentInline]
    fieldsets = (
        (None, {"fields": ("name", "level", "term", "is_standing", "status")}),
        ("所属", {"fields": ("district", "sector", "committee")}),
        ("公开信息（规范 第八条）", {"fields": ("photo", "work_unit", "post")}),
        ("通知方式", {"fields": ("phone", "email", "user")}),
        ("免除（规范 第五条）", {"fields": ("exempt", "exempt_reason")}),
    )


@admin.register(Constituent)
class ConstituentAdmin(ScopedAdmin):
    list_display = ("name", "member", "work_unit", "paired_on")
    search_fields = ("name", "member__name")
    list_select_related = ("member",)
    raw_id_fields = ("member",)
