"""A member's archive PDF that takes longer than its limit is stopped, and the member is
back on their page with a Chinese message, not a 500 or a hung connection."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_member_is_told_in_chinese(client, personas, settings):
    settings.PDF_TIME_LIMIT = 0.01  # no PDF is laid out that fast
    client.force_login(personas.member_user)
    response = client.get(reverse("scoring:my_archive"), {"year": 2026})
    assert response.status_code == 302
    assert response["Location"] == reverse("scoring:me") + "?year=2026"
    page = client.get(response["Location"]).content.decode()
    assert "履职档案 PDF 未能在0.01秒内生成，已停止。" in page
