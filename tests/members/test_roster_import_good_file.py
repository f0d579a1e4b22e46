"""A good roster file imports: names become districts, sectors, committees; labels become
choices; a second import of the same people updates them."""

import pytest

from members.choices import Level, MemberStatus
from members.models import ImportRun, Member

from .roster import MEMBER_HEADER, csv_upload, import_members, xlsx_upload

GOOD_CSV = [
    MEMBER_HEADER,
    "王五,市政协委员,越秀区,经济界,经济委员会,是,14,广州某公司,经理,13900001111,w5@example.cn,在任",
    "赵六,区政协委员,天河区,教育界,,否,,某中学,校长,13900002222,,已离任",
]


@pytest.mark.django_db
def test_a_good_csv_creates_every_member_with_related_rows_found_by_name(personas):
    report = import_members(csv_upload(*GOOD_CSV))
    assert report.ok, report.lines()
    assert (report.total, report.created, report.updated) == (2, 2, 0)
    wang = Member.objects.get(name="王五")
    assert (wang.level, wang.district.name, wang.sector.name) == (Level.CITY, "越秀区", "经济界")
    assert wang.committee.name == "经济委员会" and wang.is_standing and wang.phone == "13900001111"
    zhao = Member.objects.get(name="赵六")
    assert zhao.committee is None and zhao.term == 14 and zhao.status == MemberStatus.LEFT


@pytest.mark.django_db
def test_an_xlsx_built_in_excel_imports_with_phone_numbers_stored_as_numbers(personas):
    rows = [line.split(",") for line in GOOD_CSV]
    rows[1][9] = 13900001111  # Excel keeps a typed phone number as a number
    rows[1][6] = 14
    report = import_members(xlsx_upload(rows))
    assert report.ok, report.lines()
    assert Member.objects.get(name="王五").phone == "13900001111"


@pytest.mark.django_db
def test_the_same_people_imported_again_are_updated_not_duplicated(personas):
    import_members(csv_upload(*GOOD_CSV))
    changed = GOOD_CSV[:2] + [GOOD_CSV[2].replace("校长", "副校长")]
    report = import_members(csv_upload(*changed))
    assert report.ok, report.lines()
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert Member.objects.filter(name="赵六").get().post == "副校长"
    assert Member.objects.filter(name__in=["王五", "赵六"]).count() == 2


@pytest.mark.django_db
def test_each_imported_member_has_history_and_the_import_is_one_audited_record(personas):
    report = import_members(csv_upload(*GOOD_CSV), by=personas.city)
    assert report.ok
    wang = Member.objects.get(name="王五")
    assert wang.history.get().history_user == personas.city
    run = ImportRun.objects.get()
    assert (run.by, run.roster, run.ok, run.rows, run.created) == (
        personas.city, "members", True, 2, 2)
    assert run.file_name == "名册.csv"

    from audit.models import AuditEvent

    event = AuditEvent.objects.get(kind="import")
    assert event.user == personas.city and event.detail["created"] == 2


@pytest.mark.django_db
def test_a_dry_run_checks_the_file_and_changes_nothing(personas):
    report = import_members(csv_upload(*GOOD_CSV), dry_run=True)
    assert report.ok and report.created == 2
    assert not Member.objects.filter(name="王五").exists()
    assert ImportRun.objects.get().dry_run
