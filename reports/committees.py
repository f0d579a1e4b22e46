"""A special committee's yearly summary of its members' liaison work (举措 四（一）: 各专门
委员会…及时汇总报告委员联系界别群众的有关情况…在专门委员会年度工作报告中体现).

The counting is the quota engine's (`scoring.quotas.quota_status`, a fixed number of
queries): confirmed duty records of the liaison kinds 举措 三 names, paired constituents,
and each yearly quota met or not. Plain JSON, like the district figures.
"""

from __future__ import annotations

from members.models import Committee, Member
from scoring.choices import DutyKind, QuotaMeasure
from scoring.quotas import quota_status

# 举措 三: the channels of members' liaison with the public, in the order the measures list them.
LIAISON_KINDS = (
    DutyKind.COMMUNITY_ACTIVITY, DutyKind.CONSTITUENT_CONTACT, DutyKind.GRASSROOTS,
    DutyKind.CONSULTATION, DutyKind.ONLINE, DutyKind.MEMBER_WORKROOM,
    DutyKind.PROPOSAL, DutyKind.SOCIAL_REPORT, DutyKind.COMMITTEE_RESEARCH,
)


def committee_figures(*, committee: Committee, year: int) -> dict:
    """The committee's members (those who served in `year`, a part year's quotas prorated,
    规范 第五条; any exemption shown) and their liaison work in `year`."""
    status = quota_status(
        members=Member.objects.serving_in(year).filter(committee=committee), year=year
    )
    visits = _rule(status.rules, QuotaMeasure.RECORDS, DutyKind.COMMUNITY_ACTIVITY)
    constituents = _rule(status.rules, QuotaMeasure.CONSTITUENTS, "")
    rows = [_member_row(row, visits, constituents) for row in status.rows]
    owing = [row for row in rows if row["visits_met"] is not None]
    return {
        "committee": committee.name,
        "year": year,
        "members": {
            "total": len(rows),
            "exempt": sum(1 for row in rows if row["exempt"]),
            "owing": len(owing),
            "met": sum(1 for row in owing if row["visits_met"]),
            "all_met": sum(1 for row in rows if not row["lacking"]),
            "minimum": visits.minimum if visits else 2,
        },
        "kinds": [
            {"key": kind, "label": str(DutyKind(kind).label),
             "count": sum(row["counts"][i] for row in rows)}
            for i, kind in enumerate(LIAISON_KINDS)
        ],
        "quotas": [
            {"key": rule.pk, "label": rule.label, "basis": rule.basis, "met": met, "bound": bound}
            for rule, met, bound in status.meeting()
        ],
        "rows": rows,
    }


def _rule(rules, measure: str, kind: str):
    return next((r for r in rules if r.measure == measure and r.kind == kind), None)


def _member_row(row, visits_rule, constituents_rule) -> dict:
    member = row.member
    visits = row.quotas.get(visits_rule.pk) if visits_rule else None
    paired = row.quotas.get(constituents_rule.pk) if constituents_rule else None
    return {
        "name": member.name,
        "sector": member.sector.name,
        "standing": member.is_standing,
        "exempt": member.is_exempt,
        "counts": [row.counts.get(kind, 0) for kind in LIAISON_KINDS],  # as in "kinds"
        "constituents": paired.count if paired is not None else None,
        # 规范 第五条: None where the visits quota does not bind (exempt members).
        "visits_met": None if visits is None else visits.met,
        "quotas": len(row.applicable),
        "quotas_met": len(row.applicable) - len(row.lacking),
        "lacking": [q.rule.label for q in row.lacking],
        "pending": sum(row.pending.values()),
    }
