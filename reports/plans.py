"""举措 四（一）: a special committee's yearly liaison plan (scoring.CommitteeLiaisonPlan) set
against what its members did, in the committee's yearly summary. What was done comes from
the summary's own figures (reports.committees): the confirmed duty records of each kind and
the members who met the community quota; a target of a kind the summary does not count is
shown without an actual figure. Plain JSON, like the figures.
"""

from __future__ import annotations

from members.models import Committee
from scoring.choices import DutyKind
from scoring.models import CommitteeLiaisonPlan


def committee_plan(*, committee: Committee, year: int, figures: dict) -> dict | None:
    """The plan's text and each target with its actual figure; None when there is no plan."""
    plan = (CommitteeLiaisonPlan.objects.filter(committee=committee, year=year)
            .prefetch_related("targets").first())
    if plan is None:
        return None
    done = {str(kind["key"]): kind["count"] for kind in figures["kinds"]}
    rows = []
    if plan.members_meeting_visits is not None:
        rows.append(_row(f"进社区达标委员（每年{figures['members']['minimum']}次，人）",
                         plan.members_meeting_visits, figures["members"]["met"]))
    for target in plan.targets.all():
        rows.append(_row(f"{DutyKind(target.kind).label}（次或件）", target.target,
                         done.get(str(target.kind))))
    return {"content": plan.content, "rows": rows,
            "met": sum(1 for row in rows if row["met"]), "total": len(rows)}


def _row(label: str, target: int, actual: int | None) -> dict:
    return {"label": label, "target": target, "actual": actual,
            "met": actual is not None and actual >= target}


def plan_sheet(data: dict) -> tuple[str, list[str], list[list]]:
    plan = data["plan"]
    rows = [["计划内容", plan["content"] or "—", "", ""]]
    rows += [[r["label"], r["target"], "—" if r["actual"] is None else r["actual"],
              "是" if r["met"] else "否"] for r in plan["rows"]]
    return ("年度计划完成情况", ["项目", "目标", "完成", "是否完成"], rows)
