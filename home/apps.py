from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The start page, which leads each role into every app, and /healthz. At the top of the
    graph: no app imports it."""

    name = "home"
    verbose_name = _("首页")
