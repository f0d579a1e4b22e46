"""No lost updates. A joint record (举措 三（一）: joint proposals count for each co-author) may
link members of several districts; staff of one district see and edit only their own
members' side, and saving never removes the co-authors they could not see. Two people editing
the same record: the later save, made over a version it never saw, is refused with a Chinese
message naming who changed it, and the earlier change stays."""

import re

from django.urls import reverse

from accounts.choices import Role
from scoring.choices import DutyKind, RecordSource
from scoring.services import duty_record_create

from ..factories import MemberFactory, UserFactory, district


def _joint_record(personas):
    tianhe_member = MemberFactory(name="林天河", district=district("天河区"))
    record = duty_record_create(
        kind=DutyKind.PROPOSAL, members=[personas.member, tianhe_member], date="2026-04-01",
        title="关于老旧小区加装电梯的联名提案", source=RecordSource.MANUAL, evidence="提案号 101",
    )
    return record, tianhe_member


def _change_form(client, record) -> dict:
    page = client.get(reverse("admin:scoring_dutyrecord_change", args=[record.pk]))
    body = page.content.decode()
    form = page.context["adminform"].form
    typed = {name: form[name].value() for name in ("kind", "title", "date", "evidence")}
    typed["members"] = [m.pk for m in form["members"].field.queryset.filter(
        pk__in=form["members"].value())]
    typed["activity_form"] = form["activity_form"].value() or ""
    seen = re.search(r'name="_seen_version" value="(\d+)"', body)
    return {**typed, "_seen_version": seen.group(1)}


def test_editing_the_evidence_keeps_the_co_author_of_another_district(client, personas):
    record, tianhe_member = _joint_record(personas)
    client.force_login(personas.tianhe_staff)
    typed = _change_form(client, record)
    assert typed["members"] == [tianhe_member.pk]  # 越秀's co-author is not shown to 天河

    typed["evidence"] = "提案号 101，已立案"
    response = client.post(reverse("admin:scoring_dutyrecord_change", args=[record.pk]), typed)

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.evidence == "提案号 101，已立案"
    assert set(record.members.all()) == {personas.member, tianhe_member}


def test_a_save_over_a_newer_version_is_refused_naming_who_changed_it(client, personas):
    record, _ = _joint_record(personas)
    colleague = UserFactory(username="yuexiu2", display_name="王科员", role=Role.DISTRICT,
                            district=district("越秀区"))
    url = reverse("admin:scoring_dutyrecord_change", args=[record.pk])
    client.force_login(personas.yuexiu_staff)
    mine = _change_form(client, record)
    other = client.__class__()
    other.force_login(colleague)
    theirs = _change_form(other, record)

    assert other.post(url, {**theirs, "title": "关于加装电梯的联名提案（修订）"}).status_code == 302
    response = client.post(url, {**mine, "evidence": "我的修改"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "王科员已于" in body and "修改了这条记录" in body
    record.refresh_from_db()
    assert record.title == "关于加装电梯的联名提案（修订）" and record.evidence == "提案号 101"
    again = client.post(url, {**mine, "evidence": "我的修改"})  # saving again: still refused
    assert again.status_code == 200
    record.refresh_from_db()
    assert record.evidence == "提案号 101"
