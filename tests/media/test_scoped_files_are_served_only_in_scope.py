"""Activity photos, duty-record evidence and report files: a logged-in user whose scope
(`for_user`) holds the row gets the file, privately cached; everyone else gets 404, not
403, and the body says nothing (STYLE.md: outsiders get 404)."""

import pytest

from .conftest import body

# Who keeps scope A's records: 北京街 clerk and lead, 越秀区 staff, the 经济委员会 (陈明's
# committee) and 陈明 himself; the municipal office keeps everything.
ACTIVITY_A = {"beijing_clerk", "beijing_lead", "yuexiu_staff", "economy_staff", "member_user",
              "city"}
EVIDENCE_A = ACTIVITY_A
REPORT_A = {"yuexiu_staff", "city"}  # a district's report: that district and the city
PERSONAS = ["beijing_clerk", "beijing_lead", "yuexiu_staff", "economy_staff", "member_user",
            "city", "hualin_clerk", "liwan_staff", "tianhe_staff", "agri_staff",
            "other_member_user", "nobody", "useradmin", "auditor"]
KINDS = {
    "activity_photo": ("image", ACTIVITY_A),
    "evidence": ("attachment", EVIDENCE_A),
    "report": ("file", REPORT_A),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", PERSONAS)
def test_a_file_of_scope_a_is_served_only_to_who_keeps_scope_a(client, files, kind, who):
    field, keepers = KINDS[kind]
    client.force_login(getattr(files.p, who))
    response = client.get(getattr(getattr(files, kind), field).url)

    if who in keepers:
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
    else:
        assert response.status_code == 404
        assert b"%PDF" not in body(response) and b"PNG" not in body(response)


@pytest.mark.parametrize("who", ["beijing_clerk", "yuexiu_staff", "member_user", "economy_staff"])
def test_files_of_scope_b_are_404_for_scope_a(client, files, who):
    client.force_login(getattr(files.p, who))
    for file in (files.other_activity_photo.image, files.other_evidence.attachment,
                 files.other_report.file):
        assert client.get(file.url).status_code == 404, (who, file.name)


@pytest.mark.parametrize("who", ["hualin_clerk", "liwan_staff", "other_member_user"])
def test_files_of_scope_b_are_served_to_scope_b(client, files, who):
    client.force_login(getattr(files.p, who))
    for file in (files.other_activity_photo.image, files.other_evidence.attachment):
        assert client.get(file.url).status_code == 200, (who, file.name)


def test_a_photo_not_on_the_public_pages_is_served_to_staff_who_keep_the_member(client, files):
    """The admin's photo widget links to it: in scope it is a scoped file like any other."""
    url = files.nowhere_photo.photo.url
    client.force_login(files.p.yuexiu_staff)
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]

    client.force_login(files.p.liwan_staff)
    assert client.get(url).status_code == 404


def test_a_row_whose_file_is_gone_from_disk_is_404(client, files):
    files.evidence.attachment.storage.delete(files.evidence.attachment.name)
    client.force_login(files.p.yuexiu_staff)

    assert client.get(files.evidence.attachment.url).status_code == 404
