"""规范 第九条: a reception created or moved with fewer than 3 days to go is flagged as
noticed late, and staff see a warning."""

import datetime as dt

from receptions.models import Reception
from receptions.services import reception_record_change

D = dt.date


def test_a_reception_created_2_days_ahead_is_flagged_late(personas):
    reception = Reception.objects.create(
        workroom=personas.beijing_room,
        nominal_date=D(2026, 12, 1),
        date=D(2026, 12, 1),
    )

    warnings = reception_record_change(reception=reception, old_date=None, today=D(2026, 11, 29))

    reception.refresh_from_db()
    assert reception.noticed_late is True
    assert any("不足3天" in w and "规范 第九条" in w for w in warnings)


def test_a_reception_created_3_days_ahead_is_on_time(personas):
    reception = Reception.objects.create(
        workroom=personas.beijing_room,
        nominal_date=D(2026, 12, 2),
        date=D(2026, 12, 2),
    )

    assert reception_record_change(reception=reception, old_date=None, today=D(2026, 11, 29)) == []
    reception.refresh_from_db()
    assert reception.noticed_late is False


def test_moving_a_reception_to_within_3_days_flags_it_late(reception):
    reception.date = D(2026, 11, 14)

    warnings = reception_record_change(
        reception=reception, old_date=D(2026, 11, 16), today=D(2026, 11, 12)
    )

    reception.refresh_from_db()
    assert reception.noticed_late is True and warnings


def test_the_admin_shows_the_warning_when_staff_add_a_late_reception(personas, client, today):
    client.force_login(personas.yuexiu_staff)

    response = client.post(
        "/admin/receptions/reception/add/",
        {
            "workroom": personas.beijing_room.pk,
            "nominal_date": "2026-11-24",
            "date": "2026-11-24",
            "move_reason": "",
            "starts_at": "09:00",
            "ends_at": "11:30",
            "place": "北京街",
            "members": [personas.member.pk],
            "status": "planned",
            "notices-TOTAL_FORMS": "0",
            "notices-INITIAL_FORMS": "0",
        },
        follow=True,
    )

    assert response.status_code == 200, response.content.decode()[:2000]
    assert "不足3天" in response.content.decode()
    assert Reception.objects.get(nominal_date=D(2026, 11, 24)).noticed_late is True
