from django.urls import path

from . import views

app_name = "receptions"
urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("workrooms/<int:workroom_id>/poster.pdf", views.poster, name="poster"),
]
