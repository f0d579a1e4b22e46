"""履职档案: the member's yearly record downloads as an A4 PDF in Chinese with a CJK font."""

import subprocess

import pytest
from django.urls import reverse

from scoring.choices import DutyKind

from .conftest import record

pytestmark = pytest.mark.django_db


def test_the_archive_has_chinese_text_and_embeds_a_cjk_font(client, personas, tmp_path):
    record(DutyKind.COMMUNITY_ACTIVITY, personas.member, title="北京街委员接待日")
    client.force_login(personas.member_user)
    response = client.get(reverse("scoring:my_archive"), {"year": 2026})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "archive.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "陈明 2026年度履职档案" in text
    assert "北京街委员接待日" in text and "专题协商" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "WenQuanYi" in fonts or "NotoSansCJK" in fonts or "NotoSans" in fonts


def test_staff_download_the_archive_of_their_own_members_only(client, personas):
    client.force_login(personas.economy_staff)
    own = reverse("scoring:member_archive", args=[personas.member.pk])
    other = reverse("scoring:member_archive", args=[personas.other_member.pk])
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404
