"""规范 第九条, 规范 第十四条: a reception day written into the ledger as held is held in the
schedule too, so the December report counts it."""

import datetime as dt

import pytest

from cases.services import activity_mark_held
from receptions.choices import ReceptionStatus
from receptions.models import Reception
from scoring.choices import ActivityFormCode


@pytest.mark.django_db
def test_marking_the_activity_held_marks_its_reception_held(personas):
    from cases.models import Activity

    reception = Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=dt.date(2026, 11, 15),
        date=dt.date(2026, 11, 16),
    )
    reception.members.add(personas.member)
    activity = Activity.objects.create(
        workroom=personas.beijing_room, reception=reception, form_id=ActivityFormCode.RECEPTION_DAY,
        date=dt.date(2026, 11, 16), attendance=12, summary="接待群众",
        recorded_by=personas.beijing_clerk,
    )
    activity.members_present.add(personas.member)
    activity_mark_held(activity=activity, by=personas.beijing_clerk, today=dt.date(2026, 11, 20))
    reception.refresh_from_db()
    assert reception.status == ReceptionStatus.HELD
