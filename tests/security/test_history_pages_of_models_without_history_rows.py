"""Reception notices and report files keep no history rows (the product generates them).
Their admin history page is Django's own list of the changes made in the admin, in scope;
it was a 500 for everyone."""

import datetime as dt

import pytest
from django.utils import timezone

from receptions.choices import NoticeKind, ReceptionStatus
from receptions.models import Notice, Reception
from reports.choices import DocumentKind, FileStatus
from reports.models import ReportFile

from ..factories import district


def notice(workroom) -> Notice:
    reception = Reception.objects.create(
        workroom=workroom, nominal_date=dt.date(2026, 11, 15), date=dt.date(2026, 11, 16),
        place="接待地点", status=ReceptionStatus.PUBLISHED,
    )
    return Notice.objects.create(reception=reception, kind=NoticeKind.NOTICE, sequence=1,
                                 content={}, published_at=timezone.now())


def report_file() -> ReportFile:
    return ReportFile.objects.create(
        kind=DocumentKind.DISTRICT, scope="district", district=district("越秀区"), year=2026,
        format="pdf", digest="a" * 64, status=FileStatus.DONE,
    )


@pytest.fixture
def urls(personas):
    return [f"/admin/receptions/notice/{notice(personas.beijing_room).pk}/history/",
            f"/admin/reports/reportfile/{report_file().pk}/history/"]


@pytest.mark.parametrize("persona", ["city", "yuexiu_staff"])
@pytest.mark.django_db
def test_the_history_of_a_notice_and_a_report_file_opens(client, personas, urls, persona):
    client.force_login(getattr(personas, persona))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "变更历史" in response.content.decode()


@pytest.mark.django_db
def test_outside_the_scope_the_history_is_404(client, personas, urls):
    client.force_login(personas.liwan_staff)
    for url in urls:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_a_version_of_a_row_without_history_is_404(client, personas, urls):
    client.force_login(personas.city)
    for url in urls:
        assert client.get(f"{url}1/").status_code == 404, url
