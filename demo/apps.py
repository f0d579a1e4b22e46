from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """`manage.py load_demo`: a demo of every app, for `make run`. At the top of the graph:
    no app imports it."""

    name = "demo"
    verbose_name = _("演示数据")
