"""The loop with the resident after a case closes: the callback's two questions (解决 and the
five levels of 政务服务好差评), kept as answered; and staff's reusable answers (常用答复)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from core.fields import LimitedTextField

from ..choices import CallbackChannel, Satisfaction, Solved
from .cases import Case
from .directory import Topic

CALLBACKS_ARE_KEPT = _("回访结果一经记录不能修改或删除。")


class Callback(models.Model):
    """The resident's answer to the callback after one closing of a case (`round` is the
    case's reopen_count when it closed), or the record that no answer came in time.
    Written once: an answer is never edited afterwards."""

    case = models.ForeignKey(
        Case, verbose_name=_("群众诉求"), on_delete=models.PROTECT, related_name="callbacks"
    )
    round = models.PositiveSmallIntegerField(_("第几次办结后回访"), default=0)
    channel = models.CharField(_("回访方式"), max_length=16, choices=CallbackChannel.choices)
    solved = models.CharField(_("是否解决"), max_length=16, choices=Solved.choices, blank=True)
    satisfaction = models.CharField(
        _("满意程度"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    comment = LimitedTextField(_("群众意见"), max_length=500, blank=True)
    called_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("回访人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        ordering = ["case", "round"]
        # Staff who call or meet the resident record the answer (cases.callbacks).
        permissions = [("record_callback", _("记录群众回访结果（电话或当面）"))]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "round"], name="%(app_label)s_%(class)s_once_per_closing",
                violation_error_message=_("这次办结已有回访结果。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_no_answer_is_blank",
                condition=(Q(channel=CallbackChannel.NO_ANSWER) & Q(solved="", satisfaction=""))
                | (~Q(channel=CallbackChannel.NO_ANSWER) & (~Q(solved="") | ~Q(satisfaction=""))),
                violation_error_message=_("答复须至少回答一个问题；逾期未答复的不记录答案。"),
            ),
        ]

    def __str__(self):
        return _("诉求 #%(case)s 的回访") % {"case": self.case_id}

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(CALLBACKS_ARE_KEPT)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(CALLBACKS_ARE_KEPT)

    @property
    def answered(self) -> bool:
        return self.channel != CallbackChannel.NO_ANSWER


def refresh_callback_facts(case_ids) -> None:
    """Recount what these cases keep of the callback after their latest closing
    (Case.callback_*) from the callbacks (one UPDATE): for callbacks written outside
    cases.callbacks, which keeps it as it writes one; the 0024 backfill counts the same."""
    latest = Callback.objects.filter(case=OuterRef("pk"), round=OuterRef("reopen_count"))
    Case._default_manager.filter(pk__in=list(case_ids)).update(**{
        f"callback_{name}": Coalesce(Subquery(latest.values(name)[:1]), Value(""))
        for name in ("channel", "solved", "satisfaction")})


class ReplyTemplateQuerySet(ScopedQuerySet):
    """The city-wide answers (no district) are seen by every staff role; a district's own by
    its staff, its towns and workrooms (as the activity forms, scoring.ActivityForm)."""

    scope_paths = {
        "district": ("district",),
        "town": ("district__towns",),
        "clerk": ("district__towns__workrooms__clerk",),
    }

    def scope_q(self, user):
        """Whoever sees a district's answers sees the city's too (and nobody else does)."""
        q = super().scope_q(user)
        return None if q is None else q | Q(district__isnull=True)

    def for_case(self, case: Case):
        """What may be picked when answering the case: active, of its district or the
        city's, of its topic or of every topic; the topic's own first."""
        return self.filter(
            Q(district__isnull=True) | Q(district_id=case.district_id),
            Q(topic__isnull=True) | Q(topic_id=case.topic_id), active=True,
        ).order_by(models.F("topic").asc(nulls_last=True), "title", "pk")


class ReplyTemplate(models.Model):
    """A reusable answer (常用答复) staff pick when answering or replying; the picked text
    stays editable. Without a district it serves the whole city; without a topic, every
    topic."""

    district = models.ForeignKey(
        "regions.District", verbose_name=_("所属区"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("诉求类别"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reply_templates",
    )
    title = models.CharField(_("标题"), max_length=60)
    text = LimitedTextField(_("答复内容"), max_length=2000)
    active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )

    objects = ReplyTemplateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("常用答复")
        verbose_name_plural = _("常用答复")
        ordering = ["topic", "title"]

    def __str__(self):
        return self.title


class StatusCode(models.Model):
    """A one-time code sent by SMS to the phone a request was registered with, for a
    resident who looks the request up without the phone's last four digits at hand.
    Only its keyed digest is kept; it is short-lived and accepted once (`cases.status`).
    Not kept in the history: a code lives minutes and tells nothing once used."""

    case = models.ForeignKey(
        Case, verbose_name=_("群众诉求"), on_delete=models.CASCADE, related_name="+"
    )
    digest = models.CharField(_("验证码摘要"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("失效时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("查询验证码")
        verbose_name_plural = _("查询验证码")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self):
        return f"{self.case_id} {self.created_at:%Y-%m-%d %H:%M}"
