"""规范 第九条: a reception on a day off moves to a later day. Staff who move one by hand onto
a day off keep their date, with a warning in Chinese."""

import datetime as dt

import pytest

from receptions.models import Reception

from .test_admin_receptions import form_data

D = dt.date


def _change(client, personas, reception, day):
    data = form_data(personas, nominal_date="2026-12-15", date=day)
    return client.post(
        f"/admin/receptions/reception/{reception.pk}/change/", data, follow=True
    ).content.decode()


@pytest.fixture
def december(personas):
    reception = Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=D(2026, 12, 15), date=D(2026, 12, 15),
        place="北京街",
    )
    reception.members.add(personas.member)
    return reception


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("2026-12-19", "为周六，不是工作日"),
        ("2027-01-01", "为元旦放假（暂定），不是工作日"),
    ],
)
def test_moving_onto_a_day_off_warns_and_keeps_the_date(
    personas, client, today, december, day, reason
):
    client.force_login(personas.yuexiu_staff)

    page = _change(client, personas, december, day)

    assert reason in page and "请确认是否需要改期" in page
    december.refresh_from_db()
    assert december.date == D.fromisoformat(day) and december.manual_date


def test_moving_onto_a_working_day_gives_no_such_warning(personas, client, today, december):
    client.force_login(personas.yuexiu_staff)

    page = _change(client, personas, december, "2026-12-17")

    assert "不是工作日" not in page


def test_creating_one_on_a_provisional_festival_warns_too(personas, today):
    from receptions.services import reception_record_change

    reception = Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=D(2027, 9, 15), date=D(2027, 9, 15)
    )

    warnings = reception_record_change(reception=reception, old_date=None, today=today)

    assert any("2027-09-15 为中秋节放假（暂定），不是工作日" in w for w in warnings)
