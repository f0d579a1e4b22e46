"""District staff fetch only their own district's report (page, PDF, .xlsx, the file's
status and download); the municipal office fetches all; everyone else gets 404 (STYLE.md:
anonymous, no role, own scope, other scope)."""

import pytest
from django.urls import reverse

from reports.models import ReportFile

from ..factories import district

pytestmark = pytest.mark.django_db
YEAR = 2026


def district_urls(pk):
    return [
        reverse("reports:district", args=[pk, YEAR]),
        reverse("reports:district_download", args=[pk, YEAR, "pdf"]),
        reverse("reports:district_download", args=[pk, YEAR, "xlsx"]),
    ]


def test_district_staff_open_and_download_their_own_district_report(client, personas):
    client.force_login(personas.yuexiu_staff)
    yuexiu = district("越秀区").pk
    page, pdf, xlsx = district_urls(yuexiu)
    assert client.get(page).status_code == 200
    response = client.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(xlsx).status_code == 200


def test_another_districts_page_pdf_xlsx_status_and_file_are_404(client, personas):
    client.force_login(personas.city)
    liwan = district("荔湾区").pk
    client.get(reverse("reports:district_download", args=[liwan, YEAR, "xlsx"]))
    liwan_file = ReportFile.objects.get(district_id=liwan)
    client.force_login(personas.yuexiu_staff)
    for url in district_urls(liwan) + [
        reverse("reports:file", args=[liwan_file.pk]),
        reverse("reports:file_status", args=[liwan_file.pk]),
        reverse("reports:file_download", args=[liwan_file.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reports:district", args=[liwan, YEAR]),
                       {"achievements": "x", "action": "save"}).status_code == 404
    assert client.post(reverse("reports:reopen", args=[liwan, YEAR]),
                       {"reason": "x"}).status_code == 404


def test_the_city_summary_and_overview_are_the_municipal_offices_only(client, personas):
    urls = [reverse("reports:overview", args=[YEAR]),
            reverse("reports:city_download", args=[YEAR, "xlsx"])]
    for user in (personas.yuexiu_staff, personas.economy_staff, personas.beijing_clerk,
                 personas.member_user, personas.nobody, personas.auditor):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404, 404], user
    client.force_login(personas.city)
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_the_municipal_office_opens_every_district(client, personas):
    client.force_login(personas.city)
    for name in ("越秀区", "荔湾区", "天河区"):
        assert client.get(reverse("reports:district", args=[district(name).pk, YEAR])
                          ).status_code == 200


def test_clerks_members_and_committee_staff_see_no_district_report(client, personas):
    yuexiu = district("越秀区").pk
    for user in (personas.beijing_clerk, personas.beijing_lead, personas.member_user,
                 personas.economy_staff, personas.nobody):
        client.force_login(user)
        assert client.get(district_urls(yuexiu)[0]).status_code == 404, user


def test_anonymous_visitors_are_sent_to_log_in(client, personas):
    response = client.get(district_urls(district("越秀区").pk)[1])
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_committee_staff_fetch_their_own_committees_summary_only(client, personas):
    from members.models import Committee

    economy = Committee.objects.get(name="经济委员会").pk
    agri = Committee.objects.get(name="农业和农村委员会").pk
    client.force_login(personas.economy_staff)
    assert client.get(reverse("reports:committee", args=[economy, YEAR])).status_code == 200
    assert client.get(reverse("reports:committee_download", args=[economy, YEAR, "xlsx"])
                      ).status_code == 200
    for url in (reverse("reports:committee", args=[agri, YEAR]),
                reverse("reports:committee_download", args=[agri, YEAR, "pdf"])):
        assert client.get(url).status_code == 404
    client.force_login(personas.yuexiu_staff)
    assert client.get(reverse("reports:committee", args=[economy, YEAR])).status_code == 404
    client.force_login(personas.city)
    assert client.get(reverse("reports:committee", args=[agri, YEAR])).status_code == 200


def test_the_home_page_links_each_role_to_its_report(client, personas):
    client.force_login(personas.yuexiu_staff)
    response = client.get(reverse("reports:index"))
    assert response["Location"] == reverse("reports:district", args=[district("越秀区").pk, 2026]) \
        or response["Location"].startswith("/reports/district/")
    client.force_login(personas.beijing_clerk)
    assert client.get(reverse("reports:index")).status_code == 404
