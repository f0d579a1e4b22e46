from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.start, name="start"),
    path("workrooms/<int:workroom_id>/activities/new/", views.activity_create,
         name="activity_create"),
    path("workrooms/<int:workroom_id>/ledger/", views.ledger, name="ledger"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/held/", views.activity_held, name="activity_held"),
    path("activities/<int:pk>/visitors/new/", views.visitor_add, name="visitor_add"),
    path("activities/<int:pk>/case-row/", views.case_row, name="case_row"),
    path("list/", views.case_list, name="list"),
    path("overdue/", views.overdue_list, name="overdue"),
    path("clusters/", views.cluster_list, name="clusters"),
    path("clusters/<int:pk>/consultation-topic/", views.consultation_topic_create,
         name="consultation_topic"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/receipt/", views.case_receipt, name="receipt"),
    path("<int:pk>/route/<slug:action>/", views.case_route_view, name="route"),
    path("<int:pk>/callback/", views.case_callback, name="callback"),
    # The resident's answer to the callback, from the SMS link: no login (a signed token).
    path("answer/<str:token>/", views.callback_answer, name="callback_answer"),
]
