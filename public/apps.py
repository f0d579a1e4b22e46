from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The pages anyone reads without logging in (规范 第八条, 第九条): the directory of
    workrooms, each workroom's members and reception plan, its notices and calendar feeds.
    Above receptions and workrooms, whose rows it shows; its addresses stay /workrooms/…
    under the URL namespace "workrooms"."""

    name = "public"
    verbose_name = _("公开信息")
