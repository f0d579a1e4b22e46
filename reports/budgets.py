"""规范 第十六条 in the district's yearly report: each workroom's budget line for the year in
its town/street's budget (workrooms.WorkroomBudget), and the active workrooms that have none.

Kept apart from the counted figures (reports.figures): these are lines staff enter, read as
they stand when the report is drawn. Plain JSON, like the figures.
"""

from __future__ import annotations

from decimal import Decimal

from regions.models import District
from workrooms.models import Workroom, WorkroomBudget


def district_budgets(*, district: District, year: int) -> dict:
    lines = list(
        WorkroomBudget.objects.filter(workroom__town__district=district, year=year)
        .select_related("workroom__town", "town").order_by("workroom__town__code", "workroom__name")
    )
    funded = {line.workroom_id for line in lines}
    unfunded = (Workroom.objects.active().filter(town__district=district).exclude(pk__in=funded)
                .select_related("town").order_by("town__code", "name"))
    return {
        "rows": [
            {"workroom": line.workroom.name, "workroom_town": line.workroom.town.name,
             "town": line.town.name, "amount": f"{line.amount:.2f}", "note": line.note}
            for line in lines
        ],
        "total": f"{sum((line.amount for line in lines), Decimal(0)):.2f}",
        "unfunded": [f"{w.town.name} {w.name}" for w in unfunded],
    }


def budget_sheet(data: dict) -> tuple[str, list[str], list[list]]:
    """The .xlsx sheet of the same lines."""
    b = data["budgets"]
    rows = [[r["workroom"], r["workroom_town"], r["town"], r["amount"], r["note"]]
            for r in b["rows"]]
    rows.append(["合计", "", "", b["total"], ""])
    rows += [[name, "", "", "未列入预算", ""] for name in b["unfunded"]]
    headers = ["工作室", "所在镇（街）", "列入预算的镇（街）", "预算金额（元）", "说明"]
    return ("工作室经费", headers, rows)
