"""The runner's table: pages and operations side by side per scale, against the targets."""

from __future__ import annotations

import os
import platform

QUERY_LIMIT = 20
P95_LIMIT_MS = 200
P95_GROWTH = 1.5


def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(terse=True), "load_avg": os.getloadavg()}


def _pages_by_key(run: dict) -> dict:
    return {p["key"]: p for p in run.get("pages", {}).get("pages", [])}


def page_verdict(rows: list[dict | None]) -> str:
    """rows: one measurement per scale, smallest scale first. The targets are judged on the
    page as people get it (its cached parts cached) and on its queries when nothing is
    cached; how the cold figures grow is said after the verdict."""
    if any(r is None or not r.get("available") for r in rows):
        return "not yet available"
    if any("error" in r for r in rows):
        return "error"
    problems = []
    queries = {r["queries"] for r in rows}
    cold = {r.get("cold_queries", r["queries"]) for r in rows}
    if len(queries) > 1 or len(cold) > 1:
        problems.append("queries grow")
    if max(queries | cold) > QUERY_LIMIT:
        problems.append(f"> {QUERY_LIMIT} queries")
    if len(rows) > 1 and rows[-1]["p95_ms"] > P95_GROWTH * rows[0]["p95_ms"]:
        problems.append(f"p95 × {rows[-1]['p95_ms'] / rows[0]['p95_ms']:.1f}")
    if any(r["p95_ms"] >= P95_LIMIT_MS for r in rows):
        problems.append(f"p95 ≥ {P95_LIMIT_MS} ms")
    verdict = "MISSED: " + ", ".join(problems) if problems else "met"
    return verdict + _cold_note(rows)


def _cold_note(rows: list[dict]) -> str:
    if len(rows) < 2 or not all(r.get("cold_p95_ms") for r in rows):
        return ""
    growth = rows[-1]["cold_p95_ms"] / rows[0]["cold_p95_ms"]
    slow = max(r["cold_p95_ms"] for r in rows)
    notes = []
    if growth > P95_GROWTH:
        notes.append(f"p95 × {growth:.1f}")
    if slow >= P95_LIMIT_MS:
        notes.append(f"p95 {slow:.0f} ms")
    return f" (cold: {', '.join(notes)})" if notes else ""


def _fmt(value, digits=0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def pages_table(results: dict) -> list[str]:
    runs = results["scales"]
    scales = [run["scale"] for run in runs]
    by_scale = [_pages_by_key(run) for run in runs]
    floors = [(pages.get("login_floor") or pages.get("floor") or {}).get("median_ms")
              for pages in by_scale]
    head = ["page"]
    for s in scales:
        head += [f"queries ×{s}", f"median ms ×{s}", f"p95 ms ×{s}", f"cold p95 ms ×{s}",
                 f"÷ signed-in floor ×{s}"]
    if len(scales) > 1:
        head.append(f"p95 ×{scales[-1]} / ×{scales[0]}")
    head.append("target")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    keys = list(by_scale[0]) if by_scale else []
    for key in keys:
        rows = [pages.get(key) for pages in by_scale]
        first = rows[0]
        cells = [f"{first['title']}"]
        for row, floor in zip(rows, floors, strict=True):
            cells += _page_cells(row, floor)
        if len(scales) > 1:
            ok = all(r and r.get("p95_ms") for r in rows)
            cells.append(f"{rows[-1]['p95_ms'] / rows[0]['p95_ms']:.2f}" if ok else "–")
        cells.append(page_verdict(rows))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _page_cells(row, floor) -> list[str]:
    if row is None or not row.get("available"):
        return ["not yet available", "", "", "", ""]
    if "error" in row:
        return [row["error"][:60], "", "", "", ""]
    ratio = row["median_ms"] / floor if floor else None
    queries = str(row["queries"])
    if row.get("cold_queries", row["queries"]) != row["queries"]:
        queries = f"{row['cold_queries']} / {row['queries']}"
    return [queries, _fmt(row["median_ms"], 1), _fmt(row["p95_ms"], 1),
            _fmt(row.get("cold_p95_ms"), 1), _fmt(ratio, 1)]


def op_verdict(op: dict, rows: list[dict | None], scales: list[int]) -> str:
    if any(r is None or not r.get("available") for r in rows):
        return "not yet available"
    if any("error" in r for r in rows):
        return "error"
    target, scale = op.get("target_s"), op.get("target_scale")
    if op.get("target_each_s"):
        return _each_verdict(op["target_each_s"], rows, scales, scale)
    if target is None:
        return "(no target)"
    checked = [r for r, s in zip(rows, scales, strict=True) if scale is None or s == scale]
    if not checked:
        return f"< {target} s at ×{scale} (not run)"
    slow = [r["median_s"] for r in checked if r["median_s"] >= target]
    verdict = f"MISSED: {max(slow):.1f} s ≥ {target} s" if slow else f"met (< {target} s)"
    if scale is not None:
        others = [f"×{s}: {r['median_s']:.1f} s" for r, s in zip(rows, scales, strict=True)
                  if s != scale and r["median_s"] >= target]
        verdict = f"{verdict} at ×{scale}" + (f" ({', '.join(others)})" if others else "")
    return verdict + ("" if scale is not None else " at every scale")


def _each_verdict(target: float, rows: list[dict], scales: list[int], scale) -> str:
    """A bound per item done (the notice job: seconds per notice)."""
    checked = [r for r, s in zip(rows, scales, strict=True) if scale is None or s == scale]
    each = [r.get("median_each_s") for r in checked]
    if not each or None in each:
        return f"< {target} s each (nothing done)"
    where = "at every scale" if scale is None else f"at ×{scale}"
    if max(each) >= target:
        return f"MISSED: {max(each):.2f} s ≥ {target} s each {where}"
    return f"met (< {target} s each; {max(each):.2f} s) {where}"


def ops_table(results: dict) -> list[str]:
    runs = results["scales"]
    scales = [run["scale"] for run in runs]
    by_scale = [{op["key"]: op for op in run.get("ops", [])} for run in runs]
    head = ["operation"]
    for s in scales:
        head += [f"seconds ×{s}", f"peak RSS MiB ×{s}"]
    head += ["target", "what was done (largest scale)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    keys = list(by_scale[0]) if by_scale else []
    for key in keys:
        rows = [ops.get(key) for ops in by_scale]
        first = next((r for r in rows if r and r.get("title")), {"title": key})
        cells = [first["title"]]
        for row in rows:
            cells += _op_cells(row)
        last = rows[-1] or {}
        cells += [op_verdict(first, rows, scales), last.get("done", last.get("error", ""))]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _op_cells(row) -> list[str]:
    if row is None or not row.get("available"):
        return ["not yet available", ""]
    if "error" in row:
        return ["error", ""]
    return [_fmt(row["median_s"], 2), _fmt(row["peak_rss_mib"], 0)]


def markdown(results: dict) -> str:
    machine_info = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Run {results['started']} UTC on {machine_info['cpus']} CPUs, Python "
        f"{machine_info['python']}, {machine_info['platform']}; command: "
        f"`{results['command']}`.",
        "",
        "## Daily pages (Django test client, PostgreSQL; median and 95th percentile of the "
        "timed requests; cold = the cache emptied before each of 10 requests; queries = "
        "cold / cached where they differ; ÷ signed-in floor = median ÷ the median of /ping/, "
        "the signed-in page that does nothing)",
        "",
        *pages_table(results),
        "",
        "## Operations (each in its own process; peak RSS = the process's maximum resident "
        "memory, Django and the data included)",
        "",
        *ops_table(results),
        "",
        "## Personas and conditions",
        "",
    ]
    for run in results["scales"]:
        pages = run.get("pages", {})
        lines.append(f"- ×{run['scale']} ({run['database']}): {pages.get('personas', {})}; "
                     f"1-minute load average before the pages: {pages.get('load_before')}")
    return "\n".join(lines) + "\n"
