from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """`manage.py backup` and `restore`: every row and every uploaded file, the audit trail
    merged, never replaced (docs/backup.md). At the top of the graph: a backup holds every
    app's rows."""

    name = "backups"
    verbose_name = _("备份与恢复")
