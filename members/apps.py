from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("委员")

    def ready(self):
        from core.media import upload_register

        from .models import Member

        upload_register("members/photos/", Member, "photo")
