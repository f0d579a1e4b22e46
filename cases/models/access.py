"""Who read a visitor's unmasked data (个人信息保护法)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import OversightQuerySet

from .activities import Visitor
from .cases import Case


class PersonalDataAccess(models.Model):
    """Someone read a visitor's unmasked phone or address (个人信息保护法): who, when, why."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("查看人"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    visitor = models.ForeignKey(
        Visitor, verbose_name=_("来访群众"), null=True, on_delete=models.SET_NULL,
        related_name="accesses",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("诉求"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    purpose = models.CharField(_("用途（页面或导出）"), max_length=60)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = OversightQuerySet.as_manager()

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.purpose} {self.at:%Y-%m-%d %H:%M}"
