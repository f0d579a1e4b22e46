"""A record's history, in the admin and on the auditor's page of changes, reads in Chinese:
a choice by its label (not its stored code), a time in Beijing time to the second (not UTC
with microseconds), 无 where there was no value, 是/否 for a yes or no."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from receptions.choices import ReceptionStatus
from receptions.models import Reception

# 2026-03-16 01:30:05.123456 UTC is 09:30:05 in Beijing.
AT = dt.datetime(2026, 3, 16, 1, 30, 5, 123456, tzinfo=dt.UTC)


@pytest.fixture
def changed(personas):
    reception = Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=dt.date(2026, 3, 15),
        date=dt.date(2026, 3, 16), place="北京街工作室", status=ReceptionStatus.PLANNED,
    )
    reception.status, reception.notice_published_at = ReceptionStatus.PUBLISHED, AT
    reception.noticed_late = not reception.noticed_late
    reception.save()
    return reception


def the_changes(html: str) -> str:
    """The text of the history table's rows, without markup."""
    body = html.split('id="change-history"', 1)[1].split("</table>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>|&nbsp;|&rarr;", " ", body))


def test_the_admin_history_shows_labels_and_beijing_time(client, personas, changed):
    client.force_login(personas.city)
    url = reverse("admin:receptions_reception_history", args=[changed.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    page = response.content.decode()
    assert "修改内容" in page  # simple-history's "Changes" column
    rows = the_changes(page)
    assert "已排期 已公告" in rows  # the status, by its labels
    assert "无 2026-03-16 09:30:05" in rows  # no value yet, then Beijing time
    assert "是" in rows and "否" in rows
    for english in ("planned", "published", "None", "+00:00", "123456", "True", "False"):
        assert english not in rows


def test_the_auditors_page_of_changes_reads_the_same(client, personas, changed):
    client.force_login(personas.auditor)
    response = client.get(reverse("audit:changes"), {"model": "receptions.reception"},
                          HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = response.content.decode()
    assert "已排期 → 已公告" in text
    assert "无 → 2026-03-16 09:30:05" in text
    for english in ("planned", "published", "None", "+00:00", "123456"):
        assert english not in text


def test_a_past_version_names_its_app_as_the_admin_does(client, personas, changed):
    client.force_login(personas.city)
    version = changed.history.earliest("history_date").history_id
    url = reverse("admin:receptions_reception_simple_history", args=[changed.pk, version])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    breadcrumbs = response.content.decode().split('class="breadcrumbs"', 1)[1][:800]
    assert "Receptions" not in breadcrumbs and "receptions<" not in breadcrumbs
    assert str(changed._meta.app_config.verbose_name) in breadcrumbs


def test_a_datetime_is_shown_in_beijing_time_without_microseconds():
    from audit.services import value_text

    field = Reception._meta.get_field("notice_published_at")
    assert value_text(field, AT) == "2026-03-16 09:30:05"
    assert value_text(field, timezone.localtime(AT)) == "2026-03-16 09:30:05"
    assert value_text(field, None) == "无"
