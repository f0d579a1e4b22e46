"""The .xlsx layouts: one sheet per section, the same figures as the PDF and the page."""

from __future__ import annotations

from .budgets import budget_sheet
from .plans import plan_sheet

Sheet = tuple[str, list[str], list[list]]


def _pct(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


# --------------------------------------------------------------------------- a district


def district_sheets(data: dict) -> list[Sheet]:
    f = data["figures"]
    return [
        _overview(data),
        _members(f),
        _receptions(f),
        _activities(f),
        _cases(f),
        *([rates_sheet(_district_rates(f["rates"]))] if f.get("rates") else []),
        _inspections(f),
        *([_staffing(f["staffing"])] if "staffing" in f else []),  # frozen before it existed
        *([budget_sheet(data)] if "budgets" in data else []),  # 规范 第十六条
    ]


def _overview(data: dict) -> Sheet:
    rows = [["区", data["district"]], ["年度", data["year"]], ["报送状态", data["status_label"]],
            ["报送时间", data["submitted_at"] or "—"]]
    rows += [[item["label"], item["text"]] for item in data["narrative"]]
    return ("概况", ["项目", "内容"], rows)


def _members(f: dict) -> Sheet:
    m = f["members"]
    headers = ["委员层级", "在本区履职委员人数（规范 第十四条）", "免除进社区（规范 第五条）",
               "应参加人数", f"达到每年{m['minimum']}次人数", "达标率", "进社区次数"]
    rows = [[level["label"], level["total"], level["exempt"], level["owing"], level["met"],
             _pct(level["met"], level["owing"]), level["visits"]] for level in m["levels"]]
    rows.append(["合计", m["total"], m["exempt"], m["owing"], m["met"],
                 _pct(m["met"], m["owing"]), m["visits"]])
    return ("委员履职", headers, rows)


STAFFING_RULE = "规范 第七条：各区2名召集人，各镇（街）1名负责人，每个工作室1名工作人员"


def _staffing(s: dict) -> Sheet:
    """规范 第七条: what the district lacks, each gap named."""
    c, t, w = s["conveners"], s["towns"], s["workrooms"]
    rows = [["区召集人", c["required"], c["count"], c["missing"], "、".join(c["lacking"])],
            ["镇（街）负责人", t["total"], t["total"] - t["without_lead"], t["without_lead"],
             "、".join(t["items"])],
            ["工作室工作人员", w["total"], w["total"] - w["without_clerk"], w["without_clerk"],
             "、".join(f"{x['name']}（{x['town']}）" for x in w["items"])]]
    rows += [[], [STAFFING_RULE]]
    return ("工作力量配备", ["项目", "应配备", "已配备", "缺", "缺口明细"], rows)


def _receptions(f: dict) -> Sheet:
    r = f["receptions"]
    rows = [[month["label"], month["planned"], month["held"]] for month in r["months"]]
    rows.append(["合计", r["planned"], r["held"]])
    rows += [[], ["项目", "数量"], ["计划接待", r["planned"]], ["已举行", r["held"]],
             ["顺延", r["moved"]], ["取消", r["cancelled"]],
             ["公告按时（提前3天）", r["notices_on_time"]],
             ["公告不足3天", r["notices_late"]]]
    return ("接待安排", ["月份（规定日期）", "计划接待", "已举行"], rows)


def _activities(f: dict) -> Sheet:
    a = f["activities"]
    rows = [[form["label"], form["count"], form["attendance"]] for form in a["forms"]]
    rows.append(["合计", a["total"], a["attendance"]])
    rows += [[], ["来访群众（登记人数）", f["visitors"]]]
    return ("活动与来访", ["活动形式（规范 第十条）", "次数", "参加群众人次"], rows)


def _cases(f: dict) -> Sheet:
    c = f["cases"]
    rows = [["合计", "群众诉求", c["total"]], ["合计", "办结", c["closed"]],
            ["合计", "办理中", c["open"]], ["合计", "不予受理（第十一条）", c["refused"]],
            # a snapshot taken before merging existed has no such figure
            ["合计", "并入相同诉求合并办理（不重复计数）", c.get("merged", 0)]]
    rows += [["办理途径（第十三条）", r["label"], r["count"]] for r in c["routes"]]
    rows += [["办理状态", s["label"], s["count"]] for s in c["states"]]
    rows += [["不予受理告知的程序（第十一条）", r["label"], r["count"]] for r in c["refusals"]]
    filed = f["filed"]
    rows += [["由诉求形成（第十三条（四））", "提案", filed["proposal"]],
             ["由诉求形成（第十三条（四））", "社情民意信息", filed["social_report"]]]
    return ("群众诉求", ["分类", "项目", "件数"], rows)


def _inspections(f: dict) -> Sheet:
    i = f["inspections"]
    rows = [["工作室数", i["workrooms"]], ["已检查工作室", i["workrooms_inspected"]],
            ["检查次数", i["total"]], ["整改已落实", i["follow_up_done"]]]
    rows += [[f"评定：{r['label']}", r["count"]] for r in i["ratings"]]
    if i["items"]:
        rows += [[], ["工作室", "镇（街）", "检查日期", "检查单位", "检查人员", "评定等次",
                      "检查发现", "整改要求", "整改已落实"]]
        rows += [[x["workroom"], x["town"], x["date"], x["body"], x["inspectors"], x["rating"],
                  x["findings"], x["follow_up"], "是" if x["follow_up_done"] else "否"]
                 for x in i["items"]]
    return ("工作室检查", ["项目", "数量"], rows)


def _district_rates(r: dict) -> dict:
    """The district's own row, then its towns'."""
    total = [{**r["total"], "name": f"全区（{r['total']['name']}）"}] if r.get("total") else []
    return {**r, "rows": total + r["towns"]["rows"]}


def rates_sheet(r: dict) -> Sheet:
    """The 三率 (cases.rates): per figure its value, numerator and denominator, and whether
    the sample is enough to compare; the definitions (口径) below."""
    headers = ["名称", "诉求件数"]
    for d in r["definitions"]:
        headers += [f"{d['name']}（{d['unit']}）", f"{d['name']}分子", f"{d['name']}分母"]
    headers.append("说明")
    rows = []
    for row in r["rows"]:
        line, few = [row["name"], row["cases"]], False
        for cell in row["cells"]:
            line += [cell["value"] if cell["value"] is not None else "—",
                     cell["numerator"] if cell["numerator"] is not None else "—",
                     cell["denominator"]]
            few = few or not cell["enough"]
        line.append(f"部分数字样本不足（少于{r['min_sample']}件），不作比较" if few else "")
        rows.append(line)
    rows += [[], ["统计期间", r["period"]], ["口径", r["note"]]]
    rows += [[d["name"], d["definition"]] for d in r["definitions"]]
    return ("三率与办理时效", headers, rows)


# ------------------------------------------------------------------------- the city


def city_sheets(data: dict) -> list[Sheet]:
    rows = data["districts"]
    everyone = rows + [{"district": "全市", "figures": data["totals"], "status_label": "",
                        "submitted_at": ""}]
    return [
        ("报送情况", ["区", "报送状态", "报送时间"],
         [[r["district"], r["status_label"], r["submitted_at"] or "—"] for r in rows]),
        _city_members(everyone),
        _city_receptions(everyone, data["totals"]),
        _city_activities(everyone),
        _city_cases(everyone),
        *([rates_sheet(data["rates"])] if data.get("rates") else []),
        _city_inspections(everyone),
        _city_staffing(everyone),
    ]


def _city_members(rows: list[dict]) -> Sheet:
    """Each district: the members who served there (规范 第十四条); 全市: each member once."""
    minimum = rows[-1]["figures"]["members"]["minimum"]
    headers = ["区", "履职委员人数（按履职地点；全市按人计）", "免除进社区（规范 第五条）",
               "应参加人数", f"达到每年{minimum}次人数", "达标率", "进社区次数"]
    body = []
    for row in rows:
        m = row["figures"]["members"]
        body.append([row["district"], m["total"], m["exempt"], m["owing"], m["met"],
                     _pct(m["met"], m["owing"]), m["visits"]])
    return ("委员履职", headers, body)


def _city_receptions(rows: list[dict], totals: dict) -> Sheet:
    headers = ["区", "计划接待", "已举行", "顺延", "取消", "公告按时", "公告不足3天"]
    body = []
    for row in rows:
        r = row["figures"]["receptions"]
        body.append([row["district"], r["planned"], r["held"], r["moved"], r["cancelled"],
                     r["notices_on_time"], r["notices_late"]])
    body += [[], ["月份（全市）", "计划接待", "已举行"]]
    body += [[m["label"], m["planned"], m["held"]] for m in totals["receptions"]["months"]]
    return ("接待安排", headers, body)


def _city_activities(rows: list[dict]) -> Sheet:
    forms = rows[0]["figures"]["activities"]["forms"]
    headers = ["区", *[form["label"] for form in forms], "活动合计", "参加群众人次", "来访群众"]
    body = []
    for row in rows:
        a = row["figures"]["activities"]
        body.append([row["district"], *[form["count"] for form in a["forms"]], a["total"],
                     a["attendance"], row["figures"]["visitors"]])
    return ("活动与来访", headers, body)


def _city_cases(rows: list[dict]) -> Sheet:
    routes = rows[0]["figures"]["cases"]["routes"]
    headers = ["区", "诉求合计", *[r["label"] for r in routes], "办结", "办理中",
               "不予受理（第十一条）", "形成提案", "形成社情民意信息"]
    body = []
    for row in rows:
        c, filed = row["figures"]["cases"], row["figures"]["filed"]
        body.append([row["district"], c["total"], *[r["count"] for r in c["routes"]],
                     c["closed"], c["open"], c["refused"], filed["proposal"],
                     filed["social_report"]])
    return ("群众诉求", headers, body)


def _city_inspections(rows: list[dict]) -> Sheet:
    ratings = rows[0]["figures"]["inspections"]["ratings"]
    headers = ["区", "工作室数", "已检查工作室", "检查次数", *[r["label"] for r in ratings],
               "整改已落实"]
    body = []
    for row in rows:
        i = row["figures"]["inspections"]
        body.append([row["district"], i["workrooms"], i["workrooms_inspected"], i["total"],
                     *[r["count"] for r in i["ratings"]], i["follow_up_done"]])
    return ("工作室检查", headers, body)


def _city_staffing(rows: list[dict]) -> Sheet:
    """规范 第七条: each district's gaps, counted and named (全市: the counts)."""
    headers = ["区", "缺召集人", "镇（街）", "未设负责人", "在用工作室", "未配备工作人员",
               "缺召集人（明细）", "未设负责人的镇（街）", "未配备工作人员的工作室"]
    body = []
    for row in rows:
        s = row["figures"].get("staffing")
        if s is None:  # a report frozen before this section existed
            body.append([row["district"], "—"])
            continue
        c, t, w = s["conveners"], s["towns"], s["workrooms"]
        body.append([row["district"], c["missing"], t["total"], t["without_lead"], w["total"],
                     w["without_clerk"], "、".join(c["lacking"]), "、".join(t["items"]),
                     "、".join(f"{x['name']}（{x['town']}）" for x in w["items"])])
    body += [[], [STAFFING_RULE]]
    return ("工作力量配备", headers, body)


# --------------------------------------------------------------------- a committee


def committee_sheets(data: dict) -> list[Sheet]:
    f = data["figures"]
    m = f["members"]
    overview = [["专门委员会", data["committee"]], ["年度", data["year"]],
                ["委员人数", m["total"]], ["免除进社区（规范 第五条）", m["exempt"]],
                ["应参加进社区人数", m["owing"]], [f"达到每年{m['minimum']}次人数", m["met"]],
                ["全部指标完成人数", m["all_met"]]]
    overview += [[], ["履职类别（举措 三）", "合计"]]
    overview += [[k["label"], k["count"]] for k in f["kinds"]]
    overview += [[], ["年度指标", "达标人数", "适用人数"]]
    overview += [[q["label"], q["met"], q["bound"]] for q in f["quotas"]]
    kinds = f["kinds"]
    headers = ["姓名", "界别", "常委", "免除进社区", *[k["label"] for k in kinds],
               "结对界别群众", "指标完成", "未完成指标", "待确认记录"]
    rows = [[r["name"], r["sector"], "是" if r["standing"] else "", "是" if r["exempt"] else "",
             *r["counts"],
             "—" if r["constituents"] is None else r["constituents"],
             f"{r['quotas_met']}/{r['quotas']}", "、".join(r["lacking"]), r["pending"]]
            for r in f["rows"]]
    plan = [plan_sheet(data)] if data.get("plan") else []  # 举措 四（一）
    return [("概况", ["项目", "数值"], overview), ("委员明细", headers, rows), *plan]
