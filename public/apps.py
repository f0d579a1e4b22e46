from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The pages anyone reads without logging in (规范 第八条；规范 第九条): the directory of
    workrooms, each workroom's members and reception plan, its notices and calendar feeds.
    Above receptions and workrooms, whose rows it shows; its addresses stay /workrooms/…
    under the URL namespace "workrooms"."""

    name = "public"
    verbose_name = _("公开信息")

    def ready(self):
        from core.media import upload_publish

        from .views import public_members, public_notices

        # The photos and notices these pages show are public files too.
        upload_publish("members/photos/", public_members)
        upload_publish("notices/", public_notices)
