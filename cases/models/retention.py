"""What the daily retention job did (个人信息保护法 第十九条)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import OversightQuerySet


class RetentionRun(models.Model):
    """One day's run of `cases.retention.visitors_anonymise_expired`: claimed once per day,
    with what it erased (counts only, never whose data)."""

    day = models.DateField(_("日期"), unique=True)
    months = models.PositiveIntegerField(_("保存期限（月）"))
    cutoff = models.DateTimeField(_("此前办结的予以匿名化"))
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    visitors_anonymised = models.PositiveIntegerField(_("匿名化来访群众（人）"), default=0)
    messages_cleared = models.PositiveIntegerField(_("清除短信号码（条）"), default=0)

    objects = OversightQuerySet.as_manager()

    class Meta:
        verbose_name = _("个人信息到期匿名化记录")
        verbose_name_plural = _("个人信息到期匿名化记录")
        ordering = ["-day"]

    def __str__(self):
        return _("%(day)s 匿名化 %(n)s 人") % {"day": self.day, "n": self.visitors_anonymised}
