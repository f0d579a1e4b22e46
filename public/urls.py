from django.urls import path

from members.views import roster_template_view
from workrooms.resources import WorkroomResource

from . import views

app_name = "workrooms"
urlpatterns = [
    # Public pages, no login (规范 第八条).
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/calendar.ics", views.workroom_ics, name="ics"),
    path("notices/<int:pk>.pdf", views.notice_pdf, name="notice_pdf"),
    path("calendars/member/<str:token>.ics", views.member_ics, name="member_ics"),
    # Roster import template for staff.
    path("import-template.xlsx", roster_template_view(WorkroomResource), name="import_template"),
]
