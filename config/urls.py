from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import media

admin.site.site_header = settings.PRODUCT_NAME
admin.site.site_title = settings.PRODUCT_NAME
admin.site.index_title = "管理后台"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("home.urls")),
    path("", include("accounts.urls")),
    path("inbox/", include("notices.urls")),
    path("members/", include("members.urls")),
    path("workrooms/", include("public.urls")),
    path("status/", include("public.status_urls")),
    path("receptions/", include("receptions.urls")),
    path("cases/", include("cases.urls")),
    path("duty/", include("scoring.urls")),
    path("reports/", include("reports.urls")),
    path("audit/", include("audit.urls")),
    # The 12345 work-order exchange (Open311 GeoReport v2, docs/open311.md).
    path("open311/", include("exchange.urls")),
    path("admin/", admin.site.urls),
    # Uploaded files, in development and production alike: public or scoped (core/media.py).
    path("media/<path:name>", media.serve, name="media"),
]
