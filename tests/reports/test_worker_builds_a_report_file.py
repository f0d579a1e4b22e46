"""With a broker, a real Celery worker (through Redis) makes the requested file: the row
goes from pending to done with progress 100, and a second delivery does nothing."""

import pytest

from reports.choices import DocumentKind, FileStatus
from reports.documents import city_data, data_digest
from reports.models import ReportFile

from ..test_celery_worker import worker  # noqa: F401 - the shared worker fixture

pytestmark = pytest.mark.worker


@pytest.mark.django_db(transaction=True)
def test_the_worker_builds_the_city_summary_and_ignores_a_second_delivery(worker):  # noqa: F811
    if worker.db_url is None:
        pytest.skip("测试数据库在内存中，worker 进程无法共享（PostgreSQL 或文件 SQLite 下运行）。")
    data = city_data(year=2026)
    file = ReportFile.objects.create(kind=DocumentKind.CITY, scope="city", year=2026,
                                     format="xlsx", digest=data_digest(data), data=data)

    assert worker.run("reports.tasks.build_report_file", file.pk) == file.pk
    file.refresh_from_db()
    assert (file.status, file.progress) == (FileStatus.DONE, 100)
    assert file.file.name.endswith("city-city-2026.xlsx")
    assert worker.run("reports.tasks.build_report_file", file.pk) is None
