from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from privacy.fields import EncryptedTextField
from privacy.masking import mask_phone

from .choices import Channel, DeliveryStatus


class MessageQuerySet(models.QuerySet):
    def for_user(self, user):
        """Everyone reads their own inbox; whoever answers for delivery (resends, marks
        delivered: the municipal office) reads every record."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.has_perm("notices.change_message"):
            return self
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(channel=Channel.INBOX, read_at__isnull=True)

    def inbox_of(self, user):
        """The user's own in-app messages (everyone's inbox is theirs alone)."""
        return self.filter(recipient=user, channel=Channel.INBOX)


class Message(models.Model):
    """Every message the product sends, on any channel, is one row here.

    `key` names the event (``notice:42:published``); with the channel and the address (its
    keyed digest: the address itself is encrypted) it is unique, so whatever retries, each
    person hears of each event once. E-mails and SMS are written 待发送 and sent after the
    writing transaction commits (notices.services.message_send; DeliveryStatus).
    """

    key = models.CharField(_("事件标识"), max_length=120)
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收账号"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="messages",
    )
    recipient_name = models.CharField(_("接收人"), max_length=50)
    # A visitor's phone number may be the address: encrypted at rest; the
    # digest stands in for it in the once-per-event constraint and in lookups.
    address = EncryptedTextField(_("地址"), max_length=254, blank=True)
    address_digest = models.CharField(_("地址摘要"), max_length=64, blank=True, editable=False)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    # The page of the record the message is about (a case, a notice, a report), as a path
    # of this site: the inbox links each message to it.
    link = models.CharField(_("相关页面"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    error = models.CharField(_("错误"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    retry_at = models.DateTimeField(
        _("下次重试时间"), null=True, blank=True,
        help_text=_("待发送的消息到时仍未发出则重新排队；发送失败的短信和邮件按退避间隔自动重试。"),
    )
    claimed_at = models.DateTimeField(
        _("开始发送时间"), null=True, blank=True,
        help_text=_("发送任务领取这条消息、随即调用网关的时间。"),
    )
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("消息记录")
        verbose_name_plural = _("消息记录")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "channel", "recipient_name", "address_digest"],
                name="%(app_label)s_%(class)s_once_per_event",
                violation_error_message=_("同一事件的消息不重复发送。"),
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"]),
            models.Index(fields=["status", "retry_at"]),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient_name}: {self.subject}"


class SmsOutbox(models.Model):
    """The default SMS backend: messages wait here for staff (or a gateway) to send."""

    phone = EncryptedTextField(_("手机号码"), max_length=20)  # may be a visitor's: encrypted
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    message = models.OneToOneField(
        Message, verbose_name=_("消息记录"), on_delete=models.CASCADE, related_name="outbox"
    )

    class Meta:
        verbose_name = _("短信发件箱")
        verbose_name_plural = _("短信发件箱")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{mask_phone(self.phone)}: {self.body[:20]}"


class ChannelPreference(models.Model):
    """Which channels a person is told on besides the inbox (always on: it is the record of
    what they were told). Without a row, every channel they can be reached by."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE,
        related_name="channel_preference",
    )
    email = models.BooleanField(_("电子邮件"), default=True)
    sms = models.BooleanField(_("短信"), default=True)
    wecom = models.BooleanField(_("粤政易"), default=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("消息接收设置")
        verbose_name_plural = _("消息接收设置")

    def __str__(self):
        return str(self.user)

    def allows(self, channel: str) -> bool:
        return channel == Channel.INBOX or bool(getattr(self, channel, True))
