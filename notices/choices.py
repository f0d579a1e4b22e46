from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INBOX = "inbox", _("站内消息")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")
    WECOM = "wecom", _("粤政易")


class DeliveryStatus(models.TextChoices):
    """An e-mail or SMS: written 待发送 in the transaction that causes it, claimed 发送中 by
    one worker just before the gateway call, then 已发送 or 发送失败 (retried with backoff).
    待核实: the worker died between its claim and the gateway's answer, so nobody knows whether
    it went; staff check and resend it or mark it delivered. Inbox rows are 已发送 at once."""

    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    CHECKING = "checking", _("待核实")
