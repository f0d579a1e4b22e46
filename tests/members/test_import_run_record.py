"""Each roster import is one record, accepted or refused: who, when, which file, what came
of it; staff see their own district's records and nobody edits them."""

import pytest
from django.urls import reverse

from members.models import ImportRun

from .roster import MEMBER_HEADER, csv_upload, import_members


@pytest.mark.django_db
def test_a_failed_import_records_the_bad_rows_numbers_but_not_their_contents(personas):
    import_members(csv_upload(MEMBER_HEADER, "王五,区政协委员,越秀区,教育界,,否,,,,1390000111,,"),
                   by=personas.yuexiu_staff)
    run = ImportRun.objects.get()
    assert not run.ok and run.error_count == 1 and run.rows == 1
    assert "有误的行：2" in run.summary and "1390000111" not in run.summary


@pytest.mark.django_db
def test_district_staff_see_their_districts_import_records_and_cannot_change_them(
    client, personas
):
    import_members(csv_upload(MEMBER_HEADER), by=personas.yuexiu_staff)
    import_members(csv_upload(MEMBER_HEADER), by=personas.liwan_staff)
    client.force_login(personas.yuexiu_staff)
    response = client.get(reverse("admin:members_importrun_changelist"))
    assert [run.by for run in response.context["cl"].result_list] == [personas.yuexiu_staff]
    liwan_run = ImportRun.objects.get(by=personas.liwan_staff)
    url = reverse("admin:members_importrun_change", args=[liwan_run.pk])
    assert client.get(url).status_code == 404
    own = ImportRun.objects.get(by=personas.yuexiu_staff)
    delete = reverse("admin:members_importrun_delete", args=[own.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ImportRun.objects.count() == 2
