"""A yearly report built by the Celery task stops at its own limit
(settings.PDF_BACKGROUND_TIME_LIMIT, inside the task's soft time limit): the file is
marked failed and its page says why in Chinese."""

import pytest
from django.urls import reverse

from reports.choices import FileStatus
from reports.models import ReportFile

from ..factories import district

pytestmark = pytest.mark.django_db


def test_the_file_page_says_in_chinese_that_it_took_too_long(client, personas, settings):
    settings.PDF_BACKGROUND_TIME_LIMIT = 0.01  # no PDF is laid out that fast
    client.force_login(personas.yuexiu_staff)
    response = client.get(
        reverse("reports:district_download", args=[district("越秀区").pk, 2026, "pdf"])
    )
    file = ReportFile.objects.get()
    assert file.status == FileStatus.FAILED
    assert file.error == "PDF 生成超过0.01秒，已停止。报告内容较多，请联系管理员。"
    page = client.get(response["Location"]).content.decode()
    assert "生成失败" in page and "PDF 生成超过0.01秒，已停止。" in page
