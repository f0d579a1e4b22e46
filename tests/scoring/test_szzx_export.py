"""数字政协: members' duty records and year figures as a documented, versioned CSV and JSON
export (docs/szzx-export.md), scoped by role, audited, refusing a bad year in Chinese."""

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from audit.choices import EventKind
from audit.models import AuditEvent
from members.choices import Level
from scoring.choices import DutyKind
from scoring.exports import FIGURE_FIELDS, RECORD_FIELDS
from scoring.models import ScoringRule

from ..factories import MemberFactory, district
from .conftest import YEAR, record


def url(dataset, fmt, **params):
    query = "&".join(f"{k}={v}" for k, v in {"year": YEAR, **params}.items())
    return f"{reverse('scoring:export_download', args=[dataset, fmt])}?{query}"


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response) -> list[dict]:
    text = body(response)
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with a BOM
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def dataset(personas):
    """A 越秀区 member with a joint proposal (with the persona 陈明) and a 荔湾区 member."""
    yuexiu_member = MemberFactory(name="王越秀", level=Level.CITY, district=district("越秀区"))
    joint = record(DutyKind.PROPOSAL, yuexiu_member, personas.member, title="=HYPERLINK(1)")
    record(DutyKind.SOCIAL_REPORT, yuexiu_member, confirmed=False, title="待确认的信息")
    record(DutyKind.PROPOSAL, personas.other_member, title="荔湾区的提案")
    return yuexiu_member, joint


def test_records_csv_has_the_documented_columns_and_values(client, personas, dataset):
    member, joint = dataset
    client.force_login(personas.yuexiu_staff)
    response = client.get(url("records", "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-Export-Schema"] == "gzzx-szzx-duty-records/1.0"
    assert f"szzx-duty-records-v1-{YEAR}.csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert list(rows[0]) == [field.code for field in RECORD_FIELDS]
    mine = [row for row in rows if row["member_name"] == "王越秀"]
    proposal = next(row for row in mine if row["kind"] == "proposal")
    points = ScoringRule.objects.filter(year__lte=YEAR, kind="proposal").order_by("-year")
    assert proposal == {
        **proposal, "record_id": str(joint.pk), "member_id": str(member.pk),
        "member_level": "city", "district_code": district("越秀区").code,
        "district_name": "越秀区", "kind_name": "提案", "date": f"{YEAR}-05-15",
        "source": "manual", "confirmed": "true", "title": "'=HYPERLINK(1)",
    }
    assert proposal["points"] == (str(points.first().points) if points.exists() else "")
    pending = next(row for row in mine if row["kind"] == "social_report")
    assert pending["confirmed"] == "false" and pending["points"] == "" == pending["confirmed_at"]
    # the joint record is one row for each of its members, with the same record_id
    assert sorted(r["member_name"] for r in rows if r["record_id"] == str(joint.pk)) == [
        "王越秀", "陈明"]


def test_figures_json_has_the_schema_the_count_and_each_members_year(
    client, personas, dataset
):
    member, _joint = dataset
    client.force_login(personas.city)
    response = client.get(url("figures", "json"))
    assert response.status_code == 200
    document = json.loads(body(response))
    assert document["schema"] == "gzzx-szzx-duty-figures" and document["version"] == "1.0"
    assert document["year"] == YEAR and document["count"] == len(document["items"])
    item = next(i for i in document["items"] if i["member_id"] == member.pk)
    assert set(field.code for field in FIGURE_FIELDS) <= set(item)
    assert item["count_proposal"] == 1 and item["count_social_report"] == 0
    assert item["pending_total"] == 1 and item["year"] == YEAR
    assert item["quotas_applicable"] == len(item["quotas"]) > 0
    assert item["behind"] is True and "社情民意信息差1篇" in item["lacking"]
    proposal_quota = next(q for q in item["quotas"] if q["kind"] == "proposal")
    assert proposal_quota["done"] == 1 and proposal_quota["met"] is True


def test_figures_csv_and_records_json_agree_with_the_documented_fields(
    client, personas, dataset
):
    client.force_login(personas.city)
    rows = csv_rows(client.get(url("figures", "csv")))
    assert list(rows[0]) == [field.code for field in FIGURE_FIELDS]
    items = json.loads(body(client.get(url("records", "json"))))["items"]
    assert [list(item) for item in items][0] == [field.code for field in RECORD_FIELDS]


def test_district_staff_export_only_their_district(client, personas, dataset):
    client.force_login(personas.yuexiu_staff)
    names = {row["member_name"] for row in csv_rows(client.get(url("records", "csv")))}
    assert "王越秀" in names and "李华" not in names


def test_another_district_by_parameter_is_a_404(client, personas, dataset):
    client.force_login(personas.yuexiu_staff)
    liwan = district("荔湾区").code
    assert client.get(url("records", "csv", district=liwan)).status_code == 404
    assert client.get(reverse("scoring:export") + f"?district={liwan}").status_code == 404


def test_the_city_may_narrow_to_one_district(client, personas, dataset):
    client.force_login(personas.city)
    liwan = district("荔湾区").code
    response = client.get(url("records", "csv", district=liwan))
    assert {row["member_name"] for row in csv_rows(response)} == {"李华"}
    assert f"-{liwan}.csv" in response["Content-Disposition"]


def test_a_member_exports_only_themself(client, personas, dataset):
    client.force_login(personas.member_user)
    rows = csv_rows(client.get(url("records", "csv")))
    assert {row["member_name"] for row in rows} == {"陈明"}
    figures = json.loads(body(client.get(url("figures", "json"))))["items"]
    assert [item["member_name"] for item in figures] == ["陈明"]
    assert client.get(url("records", "csv", district=district("荔湾区").code)).status_code == 404


@pytest.mark.parametrize("who", ["beijing_clerk", "nobody", "useradmin", "auditor"])
def test_roles_without_duty_records_get_a_404(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(url("records", "csv")).status_code == 404
    assert client.get(reverse("scoring:export")).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, personas):
    assert client.get(url("records", "csv"))["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("year", ["abc", "1999", "²⁰²⁶", "9" * 500, "", "2026.0", "-2026"])
def test_a_bad_year_is_refused_in_chinese(client, personas, year):
    client.force_login(personas.city)
    response = client.get(
        reverse("scoring:export_download", args=["figures", "json"]), {"year": year}
    )
    assert response.status_code == 400
    assert "年度无效" in response.content.decode()
    assert not AuditEvent.objects.filter(kind=EventKind.EXPORT).exists()


def test_an_unknown_dataset_or_format_is_a_404(client, personas):
    client.force_login(personas.city)
    for dataset, fmt in (("people", "csv"), ("records", "xml")):
        assert client.get(url(dataset, fmt)).status_code == 404


def test_every_export_is_audited_with_its_rows(client, personas, dataset):
    client.force_login(personas.yuexiu_staff)
    response = client.get(url("records", "json"))
    event = AuditEvent.objects.get(kind=EventKind.EXPORT, user=personas.yuexiu_staff)
    assert event.detail["name"] == f"szzx-duty-records-v1-{YEAR}.json"
    assert event.detail["rows"] == int(response["X-Export-Count"])


def test_staff_find_the_export_from_the_duty_table(client, personas):
    client.force_login(personas.yuexiu_staff)
    page = client.get(reverse("scoring:table")).content.decode()
    assert reverse("scoring:export") in page
    page = client.get(reverse("scoring:export")).content.decode()
    assert "数字政协数据导出" in page and "履职记录（CSV）" in page


def test_voided_records_are_left_out(client, personas, dataset):
    member, joint = dataset
    from scoring.models import DutyRecord

    DutyRecord.objects.filter(pk=joint.pk).update(
        voided_at=dt.datetime.now(dt.UTC), voided_by=personas.city, void_reason="录入错误"
    )
    client.force_login(personas.city)
    ids = {row["record_id"] for row in csv_rows(client.get(url("records", "csv")))}
    assert str(joint.pk) not in ids
