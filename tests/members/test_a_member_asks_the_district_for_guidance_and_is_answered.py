"""规范 第十二条: a member asks their district CPPCC for guidance and advice or for people to
take part in a piece of community work, on their own page; the district's staff are told in
their inbox and answer in the admin; the member is told of the answer, and the history
keeps the request as asked and every answer."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from members.choices import GuidanceKind, GuidanceState
from members.models import GuidanceRequest
from notices.models import Message


def ask(client, personas, **fields):
    client.force_login(personas.member_user)
    page = client.get(reverse("members:guidance"))
    once = page.context["form"]["once"].value()
    data = {"kind": GuidanceKind.STAFF, "subject": "居民协商会需要法律专业人员",
            "details": "4月在北京街召开加装电梯协商会，请区政协安排律师参与。",
            "wanted_by": timezone.localdate() + dt.timedelta(days=30), "once": once, **fields}
    return client.post(reverse("members:guidance"), data)


def inbox(key_part: str):
    return Message.objects.filter(key__contains=key_part, channel="inbox")


def test_the_request_reaches_the_members_district_staff_only(client, personas):
    response = ask(client, personas)

    assert response.status_code == 302
    asked = GuidanceRequest.objects.get()
    assert (asked.member, asked.district.name, asked.state) == (
        personas.member, "越秀区", GuidanceState.ASKED)
    told = inbox(f"guidance:{asked.pk}:asked")
    assert list(told.values_list("recipient", flat=True)) == [personas.yuexiu_staff.pk]
    assert "居民协商会需要法律专业人员" in told.get().body


def test_the_same_form_sent_twice_makes_one_request(client, personas):
    client.force_login(personas.member_user)
    once = client.get(reverse("members:guidance")).context["form"]["once"].value()
    for _ in range(2):
        ask(client, personas, once=once)

    assert GuidanceRequest.objects.count() == 1


def test_the_district_answers_in_the_admin_and_the_member_is_told(client, personas):
    ask(client, personas)
    asked = GuidanceRequest.objects.get()
    client.force_login(personas.yuexiu_staff)
    url = reverse("admin:members_guidancerequest_change", args=[asked.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"answer": "已安排区律师协会两名律师参会。"})

    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.state == GuidanceState.ANSWERED
    assert asked.answered_by == personas.yuexiu_staff and asked.answered_at is not None
    told = inbox(f"guidance:{asked.pk}:answered")
    assert list(told.values_list("recipient", flat=True)) == [personas.member_user.pk]
    assert "已安排区律师协会两名律师参会" in told.get().body
    assert asked.history.count() == 2  # as asked, as answered
    client.force_login(personas.member_user)
    page = client.get(reverse("members:guidance")).content.decode()
    assert "已安排区律师协会两名律师参会" in page


def test_an_empty_answer_is_refused_in_chinese(client, personas):
    ask(client, personas)
    asked = GuidanceRequest.objects.get()
    client.force_login(personas.yuexiu_staff)

    response = client.post(reverse("admin:members_guidancerequest_change", args=[asked.pk]),
                           {"answer": "  "})

    assert response.status_code == 200
    assert "请填写答复内容" in response.content.decode()
    asked.refresh_from_db()
    assert asked.state == GuidanceState.ASKED


def test_a_member_without_a_district_is_told_why_in_chinese(client, personas):
    personas.member.district = None
    personas.member.level = "city"
    personas.member.save()

    response = ask(client, personas)

    assert response.status_code == 400
    assert "未登记所属区" in response.content.decode()
    assert not GuidanceRequest.objects.exists()
