from django.urls import path

from . import views

app_name = "scoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.my_duty, name="me"),
    path("me/archive.pdf", views.my_archive, name="my_archive"),
    path("me/contact/", views.log_contact, name="log_contact"),
    path("members/<int:pk>/", views.member_duty, name="member"),
    path("members/<int:pk>/archive.pdf", views.member_archive, name="member_archive"),
    path("table/", views.staff_table, name="table"),
    path("sectors/", views.sector_progress, name="sectors"),
    # 数字政协: versioned addresses (docs/szzx-export.md)
    path("export/", views.export_page, name="export"),
    path("export/v1/<str:dataset>.<str:fmt>", views.export_download, name="export_download"),
]
