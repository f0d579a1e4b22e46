from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("年度报告")

    def ready(self):
        from core.media import upload_register

        from .models import ReportFile

        upload_register("reports/", ReportFile, "file")
