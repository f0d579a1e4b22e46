"""Each step's due date counts working days from the settings rows, skipping official
holidays and counting make-up working days (2026 National Day: 10-01 to 10-07 off,
10-10 a Saturday worked)."""

import datetime as dt

from cases.choices import Action, CaseState, SettingKey
from cases.models import RoutingSetting
from cases.services import case_route, due_date


def test_due_dates_skip_the_2026_national_day_week(db):
    RoutingSetting.objects.filter(key=SettingKey.DUE_AWAITING_INSTRUCTION).update(value=3)
    # 09-30 + 3 working days: 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, 调休上班)
    assert due_date(CaseState.AWAITING_INSTRUCTION, dt.date(2026, 9, 30)) == dt.date(2026, 10, 10)


def test_a_routed_step_takes_its_due_date_from_the_setting(ledger):
    RoutingSetting.objects.filter(key=SettingKey.DUE_WITH_PETITION_OFFICE).update(value=5)
    case = case_route(case=ledger.case, action=Action.TO_PETITION, by=ledger.p.beijing_clerk,
                      department=ledger.petition_office, today=dt.date(2026, 9, 28))
    # 09-29, 09-30, then the holiday week, 10-08, 10-09, 10-10
    assert case.due_date == dt.date(2026, 10, 10)
    assert case.current_step.due_date == case.due_date


def test_seeded_settings_are_marked_local(db):
    assert RoutingSetting.objects.count() == len(SettingKey.values)
    assert not RoutingSetting.objects.filter(is_local_setting=False).exists()
