"""The work-order exchange with the 12345 hotline (Open311 GeoReport v2, docs/open311.md).

Four tables: the hotline's classification mapped to the product's topics (staff edit it),
the API clients with their hashed keys, scope and rate, each work order pulled in as a
case, and each case's outcome on its way back.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from core.fields import LimitedTextField
from privacy.fields import EncryptedTextField

from .choices import PushStatus

CODE = RegexValidator(r"^[0-9A-Za-z._-]{1,20}$", _("代码只能由字母、数字和 . _ - 组成，至多20位。"))


class ServiceMappingQuerySet(ScopedQuerySet):
    """Reference data: every staff role that may open the table reads all of it."""

    def for_user(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self

    def active(self):
        return self.filter(active=True, topic__active=True)


class ServiceMapping(models.Model):
    """One class of the national hotline classification (政府热线服务分类与代码) and the
    product's topic its work orders become. Several classes may lead to one topic. Listed
    to the hotline's system as Open311 services: the code is the service_code."""

    code = models.CharField(_("热线分类代码"), max_length=20, unique=True, validators=[CODE])
    name = models.CharField(_("热线分类名称"), max_length=100)
    topic = models.ForeignKey(
        "cases.Topic", verbose_name=_("对应诉求类别"), on_delete=models.PROTECT,
        related_name="hotline_classes",
    )
    description = models.CharField(_("说明"), max_length=500, blank=True)
    verified = models.BooleanField(
        _("已核对国家标准原文"), default=False,
        help_text=_("暂定的代码未经与国家标准文本核对，请核对后勾选。"),
    )
    basis = models.CharField(_("依据或说明"), max_length=200, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    objects = ServiceMappingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("热线分类对应")
        verbose_name_plural = _("热线分类对应")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class ApiClientQuerySet(ScopedQuerySet):
    scope_paths = {"district": ("district",)}

    def active(self):
        return self.filter(active=True)


class ApiClient(models.Model):
    """A system allowed to call the exchange (the city's or a district's 12345 platform).

    Only a digest of its key is kept: the key is shown once, when the client is created or
    its key replaced. Its scope is one district, or the whole city when none is set."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    district = models.ForeignKey(
        "regions.District", verbose_name=_("范围（区）"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="api_clients",
        help_text=_("留空表示全市范围。"),
    )
    key_prefix = models.CharField(_("密钥前缀"), max_length=12, unique=True, editable=False)
    key_digest = models.CharField(_("密钥摘要"), max_length=64, editable=False)
    # Signs the outcomes sent back (HMAC-SHA256), so the receiver knows they are ours.
    push_secret = EncryptedTextField(_("回传签名密钥"), max_length=64, editable=False)
    rate_per_minute = models.PositiveIntegerField(
        _("每分钟调用上限"), default=60,
        validators=[MinValueValidator(1), MaxValueValidator(6000)],
        help_text=_("本地设置：每个账号每分钟可调用的次数，超出时返回429。"),
    )
    callback_url = models.URLField(
        _("办理结果回传地址"), max_length=300, blank=True,
        help_text=_("诉求办结后，办理结果即提交到此地址；留空则不回传，只供对方查询。"),
    )
    active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    key_set_at = models.DateTimeField(_("密钥生成时间"), null=True, editable=False)
    last_used_at = models.DateTimeField(_("最近调用时间"), null=True, blank=True, editable=False)

    objects = ApiClientQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["key_digest", "push_secret", "last_used_at"])

    class Meta:
        verbose_name = _("接口账号")
        verbose_name_plural = _("接口账号")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def scope_label(self) -> str:
        return self.district.name if self.district_id else str(_("全市"))


class WorkOrderQuerySet(ScopedQuerySet):
    # The same rows as the case's own scope for district staff: either district.
    scope_paths = {"district": ("case__raised_district", "case__district")}

    def in_scope_of(self, client: ApiClient) -> WorkOrderQuerySet:
        """The work orders a client may read: those of its district, or all of them."""
        if client.district_id is None:
            return self
        return self.filter(
            Q(case__district_id=client.district_id) | Q(case__raised_district_id=client.district_id)
        )


class WorkOrder(models.Model):
    """A 12345 work order assigned to a workroom, pulled in as a case (no re-typing). The
    hotline's own order number makes a retried submission find this row, not a second case."""

    client = models.ForeignKey(
        ApiClient, verbose_name=_("接口账号"), on_delete=models.PROTECT, related_name="orders"
    )
    external_id = models.CharField(_("热线工单编号"), max_length=64)
    case = models.OneToOneField(
        "cases.Case", verbose_name=_("群众诉求"), on_delete=models.PROTECT,
        related_name="work_order",
    )
    service = models.ForeignKey(
        ServiceMapping, verbose_name=_("热线分类"), on_delete=models.PROTECT,
        related_name="orders",
    )
    # Where the matter is: may be a resident's home (个人信息保护法), so encrypted at rest.
    address = EncryptedTextField(_("地点"), max_length=200, blank=True)
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("热线工单")
        verbose_name_plural = _("热线工单")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "external_id"],
                name="%(app_label)s_%(class)s_once_per_order",
                violation_error_message=_("该热线工单已接收，不重复登记。"),
            )
        ]

    def __str__(self):
        return _("热线工单 %(no)s") % {"no": self.external_id}


class IntakeDayQuerySet(ScopedQuerySet):
    scope_paths = {"district": ("workroom__town__district",), "town": ("workroom__town",),
                   "clerk": ("workroom__clerk",)}


class IntakeDay(models.Model):
    """The ledger's entry (a draft activity, 规范 第十四条) that holds one workroom's work
    orders of one day: a case hangs off an activity, and no member met these people, so it
    stays a draft that counts as nobody's visit."""

    workroom = models.ForeignKey(
        "workrooms.Workroom", verbose_name=_("工作室"), on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("日期"))
    activity = models.OneToOneField(
        "cases.Activity", verbose_name=_("台账活动"), on_delete=models.PROTECT,
        related_name="+",
    )

    objects = IntakeDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("热线工单接收日")
        verbose_name_plural = _("热线工单接收日")
        ordering = ["-date", "workroom"]
        constraints = [
            models.UniqueConstraint(
                fields=["workroom", "date"], name="%(app_label)s_%(class)s_one_per_day",
                violation_error_message=_("同一工作室每天只有一个热线工单接收记录。"),
            )
        ]

    def __str__(self):
        return f"{self.workroom} {self.date:%Y-%m-%d}"


class OutcomePushQuerySet(ScopedQuerySet):
    scope_paths = {"district": ("order__case__raised_district", "order__case__district")}


class OutcomePush(models.Model):
    """A closed case's outcome sent back to the client that submitted the work order: one
    row per order, written when the case closes, sent after the commit, retried with
    backoff by the sweeper (exchange.services.pushes_sweep)."""

    order = models.OneToOneField(
        WorkOrder, verbose_name=_("热线工单"), on_delete=models.CASCADE, related_name="push"
    )
    status = models.CharField(
        _("状态"), max_length=8, choices=PushStatus.choices, default=PushStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("回传次数"), default=0)
    retry_at = models.DateTimeField(_("下次重试时间"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("开始回传时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("回传成功时间"), null=True, blank=True)
    error = LimitedTextField(_("错误"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = OutcomePushQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理结果回传")
        verbose_name_plural = _("办理结果回传")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "retry_at"])]

    def __str__(self):
        return _("%(order)s 的办理结果") % {"order": self.order}
