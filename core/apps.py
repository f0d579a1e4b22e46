from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app builds on and no app owns: the length-limited text field, the cache
    that degrades, queueing that survives a broker outage, optimistic locking, uploaded
    files, the NUL guard, absolute links to our pages. It imports no app of the product but
    audit (file downloads are audit events)."""

    name = "core"
    verbose_name = _("基础设施")
