"""When the report jobs act: ReportSchedule rows per year, with the seeded pattern as the
fallback for a year staff have not set up yet.

规范 第十四条: 各区政协于每年12月20日前 … 报送. We read “于12月20日前” as “by 20 December”:
a report submitted on the 20th is on time, one submitted on the 21st or later is late.
The deadline job runs on the 20th (and, if beat was down, on the first day after it) and
marks every district that has not submitted by then as overdue (逾期未报送) and tells the
municipal office; a district that still submits later on the 20th counts as on time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .choices import ScheduleKind
from .models import ReportSchedule

# The seeded pattern (migration 0002): draft 12-01, reminders 12-10 and 12-17 (本地设置),
# deadline 12-20 (规范 第十四条).
DEFAULT_DRAFT = (12, 1)
DEFAULT_REMINDERS = ((12, 10), (12, 17))
DEFAULT_DEADLINE = (12, 20)


@dataclass(frozen=True)
class Schedule:
    year: int
    draft_on: dt.date
    reminders: tuple[dt.date, ...]
    deadline: dt.date
    source_year: int | None  # whose rows were used (None: the built-in defaults)

    def is_late(self, submitted_on: dt.date) -> bool:
        """规范 第十四条: submitted on the deadline day is on time; the day after is late."""
        return submitted_on > self.deadline


def schedule_for(year: int) -> Schedule:
    """This year's rows, else the latest earlier year's dates moved to this year."""
    rows = list(ReportSchedule.objects.filter(year__lte=year).order_by("-year", "date"))
    source = rows[0].year if rows else None
    rows = [row for row in rows if row.year == source]

    def on(month_day: tuple[int, int]) -> dt.date:
        return dt.date(year, *month_day)

    def dates(kind: str) -> list[dt.date]:
        return [on((row.date.month, row.date.day)) for row in rows if row.kind == kind]

    draft = dates(ScheduleKind.DRAFT) or [on(DEFAULT_DRAFT)]
    deadline = dates(ScheduleKind.DEADLINE) or [on(DEFAULT_DEADLINE)]
    reminders = dates(ScheduleKind.REMINDER) if rows else [on(md) for md in DEFAULT_REMINDERS]
    return Schedule(year, draft[0], tuple(reminders), deadline[0], source)
