from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """PDF, .xlsx, charts and QR codes: how documents are drawn, for every app. A leaf: it
    imports no app of the product."""

    name = "documents"
    verbose_name = _("文档生成")
