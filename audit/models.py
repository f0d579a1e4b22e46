from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from .choices import EventKind
from .triggers import MIN_RETENTION_DAYS, purge_permitted

# The auditor reads an event's details by these names (the keys audit_record's callers
# use); a key not named here is shown as it is.
DETAIL_LABELS = {
    "method": _("请求方式"), "ip_address": _("来源地址"), "username": _("用户名"),
    "removed": _("清除的锁定记录"), "model": _("记录类型"), "rows": _("行数"),
    "format": _("格式"), "name": _("名称"), "args": _("参数"), "query": _("查询条件"),
    "field": _("字段"), "deleted": _("删除条数"), "before": _("之前"), "after": _("之后"),
    "retention_days": _("保存天数"), "reason": _("原因"), "output": _("保存位置"),
    "pg_dump": _("用数据库工具导出"), "input": _("来源位置"), "backup_created_at": _("备份时间"),
    "audit_events": _("审计记录"), "action": _("操作"), "status_was": _("原状态"),
    "account": _("账号"), "kind": _("申请类型"), "asked": _("申请内容"),
    "requested_by": _("申请人"), "refused": _("拒绝原因"), "devices": _("设备数"),
    "request": _("申请编号"), "via": _("途径"), "step": _("步骤"), "dry_run": _("仅检查"),
    "ok": _("成功"), "created": _("新增"), "updated": _("更新"), "errors": _("有误处数"),
    "clerk": _("工作人员"), "town": _("镇（街）"), "year": _("年度"), "pk": _("编号"),
    "client": _("接口账号"), "status": _("响应状态"), "outcome": _("结果"),
    "receipt": _("回执编号"), "limited": _("超过查询次数"),
    "in_backup": _("备份中"), "already_present": _("已有"), "renumbered": _("重新编号"),
    "subject": _("统一身份标识"),
    "purpose": _("目的"), "wecom_userid": _("粤政易账号"), "wecom_userid_was": _("原粤政易账号"),
    "error": _("错误"),
}
DETAIL_VALUES = {
    "GET": _("读取"), "HEAD": _("读取"), "POST": _("提交"), "PUT": _("提交"),
    "DELETE": _("删除"), "setup": _("绑定设备"), "verify": _("登录验证"),
    "console": _("服务器命令行"), True: _("是"), False: _("否"), None: _("无"),
    # why a sign-in through the unified identity was refused (accounts.oidc.REASONS)
    "unknown_subject": _("统一身份未绑定账号"), "disabled": _("未开启统一身份认证"),
    "token": _("凭证无效或已过期"), "state": _("登录请求无效或已使用"),
    "provider": _("无法连接认证平台"), "provider_error": _("认证平台未完成认证"),
    "already_linked": _("账号已绑定其他统一身份"),
    # Signing in through 粤政易 (accounts.wecom): how, what for, and why it was refused.
    "wecom": _("粤政易"), "login": _("登录"), "link": _("绑定账号"),
    "bad_state": _("登录请求无效或已过期"), "invalid_code": _("授权码无效或已过期"),
    "denied": _("未获授权"), "wrong_corp": _("非本单位的粤政易账号"),
    "unlinked": _("粤政易账号未绑定"), "inactive": _("账号已停用"),
    "taken": _("该身份已绑定其他账号"), "unavailable": _("无法连接粤政易"),
    "locked": _("账号或地址已被锁定"),
}


def model_name(label: str) -> str:
    """A model's name (委员) from its label (members.member); the label if it is gone."""
    from django.apps import apps

    try:
        return str(apps.get_model(label)._meta.verbose_name) if label else ""
    except (LookupError, ValueError):
        return label


def detail_text(detail) -> str:
    """In the order of DETAIL_LABELS, then the unnamed keys alphabetically: the same text
    whichever database kept the details (PostgreSQL's jsonb orders keys by length)."""
    if isinstance(detail, dict):
        return "；".join(f"{DETAIL_LABELS.get(key, key)}：{_value_text(key, detail[key])}"
                        for key in sorted(detail, key=_detail_order))
    return _value_text("", detail)


_LABEL_ORDER = {key: n for n, key in enumerate(DETAIL_LABELS)}


def _detail_order(key: str) -> tuple[int, str]:
    return _LABEL_ORDER.get(key, len(_LABEL_ORDER)), key


def _value_text(key: str, value) -> str:
    if isinstance(value, dict):
        return f"（{detail_text(value)}）"
    if isinstance(value, list):
        return "、".join(_value_text(key, item) for item in value)
    if key == "model" and isinstance(value, str):
        return model_name(value)
    if isinstance(value, bool | str) or value is None:
        return str(DETAIL_VALUES.get(value, value))
    return str(value)


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

    @property
    def object_label(self) -> str:
        """The kind of record by its name (委员), not its label (members.member)."""
        return model_name(self.object_type)

    def detail_text(self) -> str:
        """The details as the auditor reads them: 请求方式：读取；…"""
        return detail_text(self.detail)


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
