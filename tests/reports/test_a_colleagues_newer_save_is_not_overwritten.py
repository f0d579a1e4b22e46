"""Two district staff write the yearly report (规范 第十四条) at once: the one who saves last,
over a version of the report their page never showed, is refused with a Chinese message
naming the colleague, and the colleague's text stays."""

import re

from django.test import Client
from django.urls import reverse

from accounts.choices import Role
from reports.models import DistrictReport

from ..factories import UserFactory, district

YEAR = 2026


def _opened(user, url) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    body = client.get(url).content.decode()
    shown = re.search(r'name="version"(?: value="(\d+)")?', body)
    return client, shown.group(1) or ""


def test_the_later_save_over_a_colleagues_version_is_refused(personas):
    yuexiu = district("越秀区")
    colleague = UserFactory(username="yuexiu2", display_name="王科员", role=Role.DISTRICT,
                            district=yuexiu)
    url = reverse("reports:district", args=[yuexiu.pk, YEAR])
    first, _ = _opened(personas.yuexiu_staff, url)
    first.post(url, {"achievements": "初稿", "problems": "", "plans": "", "action": "save"})

    mine, my_version = _opened(personas.yuexiu_staff, url)
    theirs, their_version = _opened(colleague, url)
    typed = {"problems": "", "plans": "", "action": "save"}
    theirs.post(url, {**typed, "achievements": "王科员补充的成效", "version": their_version})
    response = mine.post(url, {**typed, "achievements": "我的修改", "version": my_version},
                         follow=True)

    assert "王科员已于" in response.content.decode()
    report = DistrictReport.objects.get(district=yuexiu, year=YEAR)
    assert report.achievements == "王科员补充的成效"
