"""规范 第十四条: every figure of a district's yearly report, from a year of known records."""

import pytest

from reports.figures import report_figures

from ..factories import district

pytestmark = pytest.mark.django_db

LEVELS = [  # key, label, total, exempt, owing, met, visits: those who served in 越秀区
    ("national", "全国政协委员", 1, 0, 1, 1, 2),
    ("provincial", "省政协委员", 0, 0, 0, 0, 0),  # 港区甲 (规范 第五条) did no community work
    ("city", "市政协委员", 1, 0, 1, 1, 2),
    ("district", "区政协委员", 3, 1, 2, 1, 7),  # 区甲 4 visits, 区乙 1, 免除甲 2; 区丙 none
]
FORMS = [
    ("reception_day", "委员接待日", 2, 20), ("research", "基层调研", 1, 5),
    ("residents_consultation", "居民协商会", 0, 0), ("public_appraisal", "群众评议", 0, 0),
    ("policy_briefing", "政策宣讲", 1, 30),
    ("legal_advice", "法律和信息咨询", 0, 0), ("sector_activity", "界别活动", 0, 0),
]
ROUTES = [
    ("on_the_spot", "（一）当场答复", 1), ("town", "（二）镇（街）或区职能部门办理", 2),
    ("petition", "（三）转信访部门", 1), ("member", "（四）委员调研后提交提案或社情民意", 3),
    ("refused", "不予受理（第十一条）", 2), ("unrouted", "尚未分办", 1),
]
STATES = {
    "registered": 1, "awaiting_instruction": 0, "with_town_office": 1,
    "with_district_department": 0, "with_petition_office": 1, "awaiting_feedback": 0,
    "member_researching": 1, "closed": 4, "refused": 2,
    "merged": 1,  # a duplicate merged into the case with the town office: in no total
}
MONTHS = {1: (2, 1), 3: (2, 2), 5: (1, 1), 7: (1, 0), 9: (1, 0), 11: (1, 0)}


def test_every_figure_of_the_district_report_matches_the_known_records(yuexiu_year):
    f = report_figures(district=yuexiu_year.district, year=2026)

    assert f["district"] == "越秀区" and f["year"] == 2026
    # 规范 第十四条: the members who did community work here, by level; 规范 第五条: exempt
    # shown apart; 2 visits from the quota engine.
    assert f["members"]["levels"] == [
        {"key": k, "label": label, "total": t, "exempt": e, "owing": o, "met": m, "visits": v}
        for k, label, t, e, o, m, v in LEVELS
    ]
    assert {k: f["members"][k] for k in ("total", "exempt", "owing", "met", "visits", "minimum")} \
        == {"total": 5, "exempt": 1, "owing": 4, "met": 3, "visits": 11, "minimum": 2}
    # 规范 第九条: receptions planned, held, moved, cancelled; notices on time and late.
    receptions = dict(f["receptions"])
    months = receptions.pop("months")
    assert receptions == {"planned": 8, "held": 4, "moved": 3, "cancelled": 2,
                          "notices_on_time": 3, "notices_late": 2}
    assert months == [{"key": n, "label": f"{n}月", "planned": MONTHS.get(n, (0, 0))[0],
                       "held": MONTHS.get(n, (0, 0))[1]} for n in range(1, 13)]
    # 规范 第十条: held activities by form; visitors received at them.
    assert f["activities"] == {
        "forms": [{"key": k, "label": label, "count": n, "attendance": a}
                  for k, label, n, a in FORMS],
        "total": 4, "attendance": 55,
    }
    assert f["visitors"] == 4
    # 规范 第十一条, 规范 第十三条: cases by route and state; refusals by procedure; filed
    # from cases.
    cases = f["cases"]
    assert (cases["total"], cases["open"], cases["closed"], cases["refused"]) == (10, 4, 4, 2)
    assert cases["merged"] == 1
    assert cases["routes"] == [{"key": k, "label": label, "count": n} for k, label, n in ROUTES]
    assert {row["key"]: row["count"] for row in cases["states"]} == STATES
    assert [(row["label"], row["count"]) for row in cases["refusals"]] == [
        ("诉讼", 1), ("行政复议", 0), ("仲裁", 1), ("其他法定程序", 0)]
    assert f["filed"] == {"proposal": 1, "social_report": 1, "total": 2}
    # 规范 第十五条: inspections and their findings.
    inspections = dict(f["inspections"])
    items = inspections.pop("items")
    assert inspections == {
        "total": 3, "workrooms": 2, "workrooms_inspected": 2, "follow_up_done": 1,
        "ratings": [{"key": "excellent", "label": "优秀", "count": 1},
                    {"key": "good", "label": "良好", "count": 1},
                    {"key": "pass", "label": "合格", "count": 0},
                    {"key": "fail", "label": "不合格", "count": 1}],
    }
    assert [(i["workroom"], i["date"], i["rating"], i["body"], i["follow_up_done"])
            for i in items] == [
        ("北京街工作室", "2026-04-10", "良好", "区政协", True),
        ("六榕工作室", "2026-06-01", "不合格", "区政协", False),
        ("北京街工作室", "2026-10-10", "优秀", "市政协", False),
    ]
    assert items[1]["findings"] == "六榕工作室检查发现" and items[1]["follow_up"] == "恢复接待日"


def test_the_other_district_counts_only_its_own_records(yuexiu_year):
    f = report_figures(district=district("荔湾区"), year=2026)
    assert f["members"]["total"] == 1 and f["members"]["met"] == 0
    assert f["receptions"]["planned"] == 1 and f["receptions"]["held"] == 1
    assert f["activities"]["total"] == 1 and f["visitors"] == 2
    assert f["cases"]["total"] == 1 and f["filed"]["proposal"] == 1
    assert f["inspections"]["total"] == 1


def test_a_district_with_no_records_reports_zeros(db):
    f = report_figures(district=district("从化区"), year=2026)
    assert f["members"]["total"] == 0 and f["receptions"]["planned"] == 0
    assert f["cases"]["total"] == 0 and f["inspections"]["items"] == []
