"""The workroom roster import holds the same rule as the admin (规范 第七条): a row whose
clerk is the importing staff member, another non-clerk login or a clerk of another town
is a row error in Chinese, and nothing of the file is imported (all or nothing)."""

import pytest
from django.urls import reverse

from audit.choices import EventKind
from audit.models import AuditEvent
from workrooms.models import Workroom

from ..members.roster import csv_upload
from .clerks import liurong_clerk
from .test_workroom_roster_import import HEADER, NEW_ROOM

pytestmark = pytest.mark.django_db


def import_file(client, *rows):
    response = client.post(reverse("admin:workrooms_workroom_import"),
                           {"file": csv_upload(HEADER, *rows)})
    return response, response.content.decode()


@pytest.mark.parametrize("login, why", [
    ("yuexiu", "不是“工作室工作人员”角色的账号"),  # the importer themself
    ("beijing_lead", "不是“工作室工作人员”角色的账号"),
    ("liurong_clerk", "不属于本工作室所在的镇（街）"),
])
def test_a_row_naming_a_login_that_may_not_be_the_clerk_fails_the_whole_file(
    client, personas, login, why
):
    liurong_clerk()
    client.force_login(personas.yuexiu_staff)
    row = f"北京街工作室,固定工作室,越秀区,北京街道,,,{login},陈明,是,否,是"
    response, text = import_file(client, NEW_ROOM, row)  # a good row, then the bad one
    assert response.status_code == 200
    assert "第3行" in text and f"工作人员用户名：账号“{login}”{why}" in text
    personas.beijing_room.refresh_from_db()
    assert personas.beijing_room.clerk == personas.beijing_clerk
    assert not Workroom.objects.filter(name="流花委员工作室").exists()
    assert not AuditEvent.objects.filter(kind=EventKind.VISITOR_ACCESS).exists()
