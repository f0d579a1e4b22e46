from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from .choices import EventKind
from .triggers import MIN_RETENTION_DAYS, purge_permitted


class AuditTrailIsPermanent(Exception):
    """Raised by every attempt to change or delete audit events through the product's
    managers; the database refuses every other way itself (`triggers.py`)."""


class AuditEventQuerySet(models.QuerySet):
    def delete(self):
        # 三员分立: no role, not even the municipal office, deletes the trail.
        raise AuditTrailIsPermanent("审计记录不可删除。")

    def update(self, **kwargs):
        raise AuditTrailIsPermanent("审计记录不可修改。")

    def older_than(self, cutoff):
        return self.filter(at__lt=cutoff)

    def purge_older_than(self, cutoff) -> int:
        """The one deletion path: the retention job (`services.audit_events_purge`), under the
        database's permit. Its trigger also refuses anything younger than MIN_RETENTION_DAYS
        by the database's clock, and one refused row would fail the whole purge: so only
        rows old enough by that clock too, with a minute's margin, are chosen."""
        expired = self.older_than(cutoff).filter(
            at__lt=Now() - timedelta(days=MIN_RETENTION_DAYS, minutes=1)
        )
        with purge_permitted(self.db):
            deleted, _ = models.QuerySet.delete(expired)
        return deleted

    def search(self, *, username="", kind="", date_from=None, date_to=None, object_text=""):
        qs = self
        if username:
            qs = qs.filter(username__icontains=username)
        if kind:
            qs = qs.filter(kind=kind)
        if date_from:
            qs = qs.filter(at__date__gte=date_from)
        if date_to:
            qs = qs.filter(at__date__lte=date_to)
        if object_text:
            qs = qs.filter(
                models.Q(object_type__icontains=object_text)
                | models.Q(object_id=object_text)
                | models.Q(object_repr__icontains=object_text)
            )
        return qs


class AuditEvent(models.Model):
    """One entry of the security audit trail (等级保护 三级; 个人信息保护法).

    Written by `services.audit_record` only; never changed, and deleted only by the
    retention job after AUDIT_RETENTION_DAYS (at least 180 days). The database enforces both
    (`triggers.py`, installed by migration 0004).
    """

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    # No database constraint: deleting a login must not touch its trail.
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("用户"), null=True, blank=True,
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    kind = models.CharField(_("类型"), max_length=32, choices=EventKind.choices, db_index=True)
    path = models.CharField(_("访问路径"), max_length=500, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "at"], name="audit_event_kind_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailIsPermanent("审计记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsPermanent("审计记录不可删除。")


class WorkerDrill(models.Model):
    """A job used to prove that a worker killed mid-task finishes it exactly once.

    `deliveries` counts how often a worker picked the job up; `effects` how often its
    work was committed. After a crash and a restart: deliveries 2, effects 1.
    """

    key = models.CharField(_("作业标识"), max_length=64, unique=True)
    deliveries = models.PositiveIntegerField(_("投递次数"), default=0)
    effects = models.PositiveIntegerField(_("生效次数"), default=0)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("任务演练")
        verbose_name_plural = _("任务演练")

    def __str__(self):
        return self.key
