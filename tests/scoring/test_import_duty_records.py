"""Importing the proposal office's and social-conditions office's spreadsheets: members
matched by name plus 界别 or 手机号码, co-authors counted (举措 三（一）), all rows or none."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from members.models import Sector
from scoring.choices import DutyKind
from scoring.models import DutyRecord
from scoring.resources import ImportRejected
from scoring.services import duty_records_import

from .conftest import city_member

pytestmark = pytest.mark.django_db

HEADER = ["编号", "案由", "日期", "第一提案人", "界别", "联名委员"]


def xlsx(rows, header=HEADER, name="proposals.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.fixture
def people(personas):
    economy = Sector.objects.get(name="经济界")
    other = Sector.objects.exclude(pk=economy.pk).exclude(exempt_from_community_duty=True).first()
    return {
        "wang": city_member(name="王强", sector=economy, phone="13900000001"),
        "zhao": city_member(name="赵敏", sector=economy),
        "zhang1": city_member(name="张伟", sector=economy, phone="13900000003"),
        "zhang2": city_member(name="张伟", sector=other, phone="13900000004"),
        "other_sector": other,
    }


def test_a_good_file_creates_confirmed_records_for_every_coauthor(personas, people):
    file = xlsx([
        ["2026001", "关于老旧小区加装电梯的提案", dt.datetime(2026, 1, 20), "王强", "经济界",
         "赵敏、陈明"],
        ["2026002", "关于社区养老的提案", "2026年3月5日", "赵敏", "经济界", ""],
    ])
    created, existing = duty_records_import(file=file, kind=DutyKind.PROPOSAL, by=personas.city)
    assert (created, existing) == (2, 0)
    lift = DutyRecord.objects.get(title="关于老旧小区加装电梯的提案")
    assert {m.name for m in lift.members.all()} == {"王强", "赵敏", "陈明"}
    assert lift.confirmed and lift.source == "import" and lift.date == dt.date(2026, 1, 20)
    assert DutyRecord.objects.get(title="关于社区养老的提案").date == dt.date(2026, 3, 5)


def test_importing_the_same_file_twice_adds_nothing(personas, people):
    rows = [["2026001", "提案甲", "2026-01-20", "王强", "经济界", ""]]
    duty_records_import(file=xlsx(rows), kind=DutyKind.PROPOSAL, by=personas.city)
    assert duty_records_import(file=xlsx(rows), kind=DutyKind.PROPOSAL, by=personas.city) == (0, 1)
    assert DutyRecord.objects.count() == 1


def test_a_namesake_is_told_apart_by_sector_or_phone(personas, people):
    header = ["标题", "日期", "反映人", "手机号码", "联名人"]
    file = xlsx([
        ["信息一", "2026-02-01", "张伟", "139 0000 0004", "张伟（经济界）"],
    ], header=header)
    duty_records_import(file=file, kind=DutyKind.SOCIAL_REPORT, by=personas.city)
    record = DutyRecord.objects.get()
    assert set(record.members.values_list("pk", flat=True)) == {
        people["zhang1"].pk, people["zhang2"].pk
    }


def test_bad_rows_change_nothing_and_every_error_is_listed_in_chinese(personas, people):
    file = xlsx([
        ["1", "好的一行", "2026-01-20", "王强", "经济界", ""],
        ["2", "查无此人", "2026-01-20", "李不存在", "经济界", ""],
        ["3", "重名", "2026-01-20", "张伟", "", ""],
        ["4", "坏日期", "2026-13-45", "王强", "经济界", ""],
        ["5", "", "2026-01-20", "王强", "经济界", ""],
        ["6", "联名有误", "2026-01-20", "王强", "经济界", "赵敏，钱多多"],
        ["1", "编号重复", "2026-01-21", "王强", "经济界", ""],
    ])
    with pytest.raises(ImportRejected) as rejected:
        duty_records_import(file=file, kind=DutyKind.PROPOSAL, by=personas.city)
    errors = rejected.value.errors
    assert "第3行：未找到委员“李不存在”（界别：经济界）" in errors
    assert any(e.startswith("第4行：委员“张伟”有2人重名") for e in errors)
    assert any(e.startswith("第5行：日期“2026-13-45”无法识别") for e in errors)
    assert "第6行：缺少标题" in errors
    assert "第7行：未找到联名委员“钱多多”" in errors
    assert "第8行：编号“1”与第2行重复" in errors
    assert not DutyRecord.objects.exists()


def test_a_file_without_a_second_matching_column_is_refused(personas, people):
    file = xlsx([["提案", "2026-01-20", "王强"]], header=["标题", "日期", "第一提案人"])
    with pytest.raises(ImportRejected, match="界别”或“手机号码"):
        duty_records_import(file=file, kind=DutyKind.PROPOSAL, by=personas.city)


def test_a_file_that_is_not_xlsx_is_refused(personas):
    file = SimpleUploadedFile("x.xlsx", b"not a spreadsheet")
    with pytest.raises(ImportRejected, match="无法读取文件"):
        duty_records_import(file=file, kind=DutyKind.PROPOSAL, by=personas.city)


def test_members_outside_the_importers_scope_are_not_matched(personas, people):
    file = xlsx([["1", "提案", "2026-01-20", "李华", "经济界", ""]])
    with pytest.raises(ImportRejected, match="未找到委员“李华”"):
        duty_records_import(file=file, kind=DutyKind.PROPOSAL, by=personas.yuexiu_staff)


def test_the_admin_upload_page_imports_and_shows_row_errors(admin_client_for, personas, people):
    client = admin_client_for(personas.city)
    url = reverse("admin:scoring_dutyrecord_import")
    bad = xlsx([["1", "提案", "坏", "王强", "经济界", ""]])
    response = client.post(url, {"kind": "proposal", "file": bad})
    assert response.status_code == 200 and "第2行：日期“坏”无法识别" in response.content.decode()
    good = xlsx([["1", "提案", "2026-01-20", "王强", "经济界", ""]])
    response = client.post(url, {"kind": "proposal", "file": good})
    assert response.status_code == 302 and DutyRecord.objects.count() == 1


def test_members_cannot_reach_the_import_page(client, personas):
    client.force_login(personas.member_user)
    assert client.get(reverse("admin:scoring_dutyrecord_import")).status_code == 302


@pytest.fixture
def admin_client_for(client):
    def login(user):
        client.force_login(user)
        return client
    return login
