"""规范 第九条: the clerk asked to post a notice and the member on duty are linked to it."""

import datetime as dt

from django.urls import reverse

from notices.choices import Channel
from notices.models import Message
from receptions.services import notice_publish_due


def test_the_clerk_and_the_member_on_duty_are_linked_to_the_notice(reception, personas):
    [notice] = notice_publish_due(today=dt.date(2026, 11, 13))
    url = reverse("workrooms:notice_pdf", args=[notice.pk])
    for user in (personas.beijing_clerk, personas.member_user):
        message = Message.objects.get(recipient=user, channel=Channel.INBOX)
        assert message.link == url
