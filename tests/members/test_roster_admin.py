"""The members changelist: 导入 / 导出 / 下载导入模板, the import page listing every bad row
in Chinese, and the empty template."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from members.models import Member

from .roster import MEMBER_HEADER, csv_upload

IMPORT = "admin:members_member_import"
CHANGELIST = "admin:members_member_changelist"


@pytest.mark.django_db
def test_the_changelist_offers_import_export_and_the_template(client, personas):
    client.force_login(personas.yuexiu_staff)
    page = client.get(reverse(CHANGELIST)).content.decode()
    for url in (reverse(IMPORT), reverse("admin:members_member_export"),
                reverse("members:import_template")):
        assert re.search(f"href=[\"']{re.escape(url)}", page), url


@pytest.mark.django_db
def test_staff_who_may_only_read_members_see_no_import(client, personas):
    client.force_login(personas.beijing_clerk)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert reverse(IMPORT) not in page and reverse("members:import_template") not in page
    assert client.get(reverse(IMPORT)).status_code == 403


@pytest.mark.django_db
def test_an_upload_with_bad_rows_shows_each_row_number_and_reason(client, personas):
    client.force_login(personas.yuexiu_staff)
    upload = csv_upload(
        MEMBER_HEADER,
        "王五,区政协委员,越秀区,教育界,,否,,,,13900001111,,",
        "赵六,区政协委员,荔湾区,教育界,,否,,,,13900002222,,",
        "孙七,区政协委员,越秀区,教育界,,否,,,,1234,,",
    )
    response = client.post(reverse(IMPORT), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "第3行" in page and "您只能导入本区（越秀区）的委员" in page
    assert "第4行" in page and "电话号码格式不正确" in page
    assert "名册未作任何修改" in page
    assert not Member.objects.filter(name="王五").exists()


@pytest.mark.django_db
def test_a_good_upload_imports_and_returns_to_the_list_with_a_summary(client, personas):
    client.force_login(personas.yuexiu_staff)
    upload = csv_upload(MEMBER_HEADER, "王五,区政协委员,越秀区,教育界,,否,,,,13900001111,,")
    response = client.post(reverse(IMPORT), {"file": upload}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(CHANGELIST)
    assert "导入成功：共1行，新增1" in response.content.decode()
    assert Member.objects.get(name="王五").history.get().history_user == personas.yuexiu_staff


@pytest.mark.django_db
def test_the_check_only_box_imports_nothing(client, personas):
    client.force_login(personas.yuexiu_staff)
    upload = csv_upload(MEMBER_HEADER, "王五,区政协委员,越秀区,教育界,,否,,,,13900001111,,")
    response = client.post(reverse(IMPORT), {"file": upload, "dry_run": "on"})
    assert "检查通过" in response.content.decode()
    assert not Member.objects.filter(name="王五").exists()


@pytest.mark.django_db
def test_the_template_has_the_header_row_and_one_example_row(client, personas):
    client.force_login(personas.yuexiu_staff)
    response = client.get(reverse("members:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2
    assert list(rows[0][:4]) == ["姓名", "委员层级", "所属区", "界别"]
    assert rows[1][0] == "张三" and rows[1][1] == "市政协委员"
    assert book.worksheets[1].title == "填写说明"


@pytest.mark.django_db
def test_the_filled_in_template_imports(client, personas):
    client.force_login(personas.yuexiu_staff)
    template = client.get(reverse("members:import_template")).content
    response = client.post(reverse(IMPORT), {"file": SimpleUploadedFile("t.xlsx", template)})
    assert response.status_code == 302
    assert Member.objects.get(name="张三").committee.name == "经济委员会"


@pytest.mark.django_db
def test_the_template_is_not_for_anonymous_or_read_only_users(client, personas):
    url = reverse("members:import_template")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(personas.beijing_clerk)
    assert client.get(url).status_code == 404
