from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "pdf|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.overview, name="overview"),
    path("<int:year>/city.<fmt:fmt>", views.city_download, name="city_download"),
    path("district/<int:pk>/<int:year>/", views.district_page, name="district"),
    path("district/<int:pk>/<int:year>/reopen/", views.district_reopen, name="reopen"),
    path("district/<int:pk>/<int:year>/report.<fmt:fmt>", views.district_download,
         name="district_download"),
    path("committee/<int:pk>/<int:year>/", views.committee_page, name="committee"),
    path("committee/<int:pk>/<int:year>/summary.<fmt:fmt>", views.committee_download,
         name="committee_download"),
    path("files/<int:pk>/", views.file_page, name="file"),
    path("files/<int:pk>/status/", views.file_status, name="file_status"),
    path("files/<int:pk>/download/", views.file_download, name="file_download"),
]
