"""规范 第十条, 举措 三（二）: the forms of community work are rows staff edit, seeded with the
documents' forms (群众评议 included), referred to by a stable code."""

from django.urls import reverse

from cases.models import Activity
from scoring.choices import ActivityFormCode
from scoring.models import ActivityForm, DutyRecord

from ..cases.conftest import held_activity


def test_the_documents_forms_are_seeded_in_order(db):
    seeded = list(ActivityForm.objects.filter(district=None).values_list("code", "name"))

    assert seeded == [
        ("reception_day", "委员接待日"),
        ("research", "基层调研"),
        ("residents_consultation", "居民协商会"),
        ("public_appraisal", "群众评议"),
        ("policy_briefing", "政策宣讲"),
        ("legal_advice", "法律和信息咨询"),
        ("sector_activity", "界别活动"),
    ]
    assert {code for code, _ in seeded} == set(ActivityFormCode.values)


def test_a_clerk_records_a_public_appraisal(client, personas):
    """举措 三（二）: 群众评议 is one of the forms a workroom records."""
    client.force_login(personas.beijing_clerk)
    url = reverse("cases:activity_create", args=[personas.beijing_room.pk])

    client.post(url, {
        "form": "public_appraisal", "date": "2026-05-15", "attendance": "20",
        "summary": "群众评议街道办事服务", "members_present": [personas.member.pk],
        "submit": "held",
    })

    activity = Activity.objects.get()
    assert activity.form.name == "群众评议"
    record = DutyRecord.objects.get(source_ref=f"activity:{activity.pk}")
    assert record.activity_form_id == "public_appraisal"
    assert record.title == "北京街工作室群众评议"


def test_lists_show_the_forms_name(personas):
    from core.display import label

    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])

    assert label(activity, "form") == "委员接待日"
    assert label(Activity(), "form") == ""


def test_a_renamed_form_keeps_its_records(personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    ActivityForm.objects.filter(code="reception_day").update(name="委员接待日（社区）")

    activity.refresh_from_db()
    assert activity.form_id == "reception_day" and activity.form.name == "委员接待日（社区）"
    assert DutyRecord.objects.get().activity_form.name == "委员接待日（社区）"


def test_an_inactive_form_is_no_longer_offered_but_stays_on_its_drafts(client, personas):
    from cases.services import activity_save

    draft = activity_save(workroom=personas.beijing_room, by=personas.beijing_clerk, members=[],
                          fields={"form_id": "reception_day", "summary": "草稿"})
    ActivityForm.objects.filter(code="reception_day").update(active=False)
    client.force_login(personas.beijing_clerk)

    new = client.get(reverse("cases:activity_create", args=[personas.beijing_room.pk]))
    edit = client.get(reverse("cases:activity_edit", args=[draft.pk]))

    assert "reception_day" not in _offered(new) and "research" in _offered(new)
    assert "reception_day" in _offered(edit)


def _offered(response) -> set[str]:
    return {form.code for form in response.context["form"].fields["form"].queryset}
