import datetime as dt

import pytest

from receptions.models import DistrictReceptionRule
from tests.factories import district

NEW_YEAR_2026 = dt.date(2026, 1, 1)


@pytest.fixture
def rule(db):
    """A district rule for 越秀区 (where 北京街工作室 is); set its fields in the test."""
    def make(**fields):
        return DistrictReceptionRule.objects.create(district=district("越秀区"), **fields)
    return make


def dates_of(result, workroom):
    return {row.nominal_date: (row.date, row.reason) for row in result.rows if row.workroom == workroom}
