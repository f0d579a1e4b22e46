"""规范 第九条: a reception in a year whose State Council holiday schedule is not entered yet
is marked 「暂定，待国务院公布2027年放假安排」 until the year is entered."""

import datetime as dt

from receptions.models import CalendarYear, Reception
from receptions.services import reception_plan_year

D = dt.date
NOTE = "暂定，待国务院公布2027年放假安排"


def _reception(personas, day):
    return Reception.objects.create(workroom=personas.beijing_room, nominal_date=day, date=day)


def test_a_2027_reception_is_provisional_until_the_year_is_entered(personas):
    reception = _reception(personas, D(2027, 1, 15))

    assert reception.provisional_note() == NOTE
    CalendarYear.objects.create(year=2027, complete=True, source="国务院办公厅通知")
    assert reception.provisional_note() == ""


def test_a_reception_in_a_published_year_is_not_provisional(personas):
    assert _reception(personas, D(2026, 12, 15)).provisional_note() == ""


def test_the_annotated_list_agrees_with_the_single_row(personas):
    _reception(personas, D(2027, 1, 15))
    _reception(personas, D(2026, 12, 15))

    notes = {r.date: r.provisional_note() for r in Reception.objects.with_calendar_confirmed()}
    assert notes == {D(2027, 1, 15): NOTE, D(2026, 12, 15): ""}


def test_the_admin_list_and_change_page_show_the_mark(personas, client, today):
    reception = _reception(personas, D(2027, 1, 15))
    client.force_login(personas.yuexiu_staff)

    assert NOTE in client.get("/admin/receptions/reception/").content.decode()
    page = client.get(f"/admin/receptions/reception/{reception.pk}/change/").content.decode()
    assert NOTE in page


def test_the_plan_page_marks_2027_dates_provisional(personas, client, today):
    reception_plan_year(year=2027, today=today)
    client.force_login(personas.yuexiu_staff)

    page = client.get("/receptions/plan/?year=2027").content.decode()

    assert f'title="{NOTE}">暂定</span>' in page
    assert "暂定" not in client.get("/receptions/plan/?year=2026").content.decode()


def test_the_members_page_marks_their_2027_reception_provisional(personas, client, today):
    from django.urls import reverse

    _reception(personas, D(2027, 1, 15)).members.add(personas.member)
    client.force_login(personas.member_user)

    page = client.get(reverse("scoring:me")).content.decode()

    assert f'title="{NOTE}">暂定</span>' in page
