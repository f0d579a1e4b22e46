from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("import-template.xlsx", views.member_template, name="import_template"),
    path("guidance/", views.guidance, name="guidance"),
]
