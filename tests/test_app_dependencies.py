"""The apps form a graph without cycles, and it is the one written down here (STYLE.md, the
rooms): an import of another app that the table does not allow fails, and so does a cycle.

Every import counts: `import x` and `from x import y`, at the top of a module or inside a
function, in every Python file of an app but its migrations (tests live outside the apps).
`config/` is wiring (settings, URLs, the Celery app) and may import any app. A dependency is
broken by moving code to where it belongs or by letting the higher app fill in a registry
of the lower one in its AppConfig.ready (core.media.upload_register,
scoring.pages.MEMBER_PAGE_PARTS), never by looking a model or function up by name.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

from django.apps import apps

BASE = Path(__file__).resolve().parents[1]

# Each app and the apps it may import, from the bottom of the graph to the top.
ALLOWED: dict[str, set[str]] = {
    # Leaves. How documents are drawn (PDF, .xlsx, charts, QR codes); the public's personal
    # data (encryption, masking).
    "documents": set(),
    "privacy": set(),
    # 粤政易 (WeChat Work): its API's client and a local stand-in of its server.
    "wecom": set(),
    # The audit trail: shows personal data masked, exports .xlsx.
    "audit": {"documents", "privacy"},
    # What every app builds on and no app owns (fields, cache, queueing, versions, choice
    # labels, capped paging, uploaded files, the NUL guard); a download of a scoped file is
    # an audit event.
    "core": {"audit"},
    # Inbox, e-mail, SMS and 粤政易 text cards.
    "notices": {"audit", "privacy", "wecom"},
    # Users, roles, scope and signing in (with a password, or through 粤政易); a locked
    # account is told by a notice; the authenticator's QR code is drawn by documents.
    "accounts": {"audit", "core", "documents", "notices", "wecom"},
    # The districts and towns/streets, scoped by role.
    "regions": {"accounts"},
    # Members, sectors, committees, constituents; the roster's import and export; a
    # member's request to the district and its answer are told by a notice.
    "members": {"accounts", "audit", "core", "documents", "notices", "privacy", "regions"},
    # Workrooms and their clerks; import_roster reads both rosters.
    "workrooms": {"accounts", "audit", "members", "regions"},
    # Duty records, quotas and points. A member's page shows receptions and cases through
    # the parts those apps register (MEMBER_PAGE_PARTS).
    "scoring": {
        "accounts", "audit", "core", "documents", "members", "notices", "privacy", "regions",
    },
    # Reception days and their notices; who is short of the visits quota (scoring).
    "receptions": {
        "accounts", "core", "documents", "members", "notices", "regions", "scoring",
        "workrooms",
    },
    # The ledger and the public's requests; a held activity is a duty record (scoring).
    "cases": {
        "accounts", "audit", "core", "documents", "members", "notices", "privacy",
        "receptions", "regions", "scoring", "workrooms",
    },
    # The yearly reports and inspections: figures of every app below.
    "reports": {
        "accounts", "audit", "cases", "core", "documents", "members", "notices", "receptions",
        "regions", "scoring", "workrooms",
    },
    # The 12345 work-order exchange (Open311): work orders become cases of the ledger, and
    # their outcomes go back; it listens to cases.signals.case_closed.
    "exchange": {
        "accounts", "audit", "cases", "core", "members", "notices", "privacy", "regions",
        "workrooms",
    },
    # The pages anyone reads: workrooms, their members, reception plans and notices; the
    # status of a resident's request by its receipt number (cases.status).
    "public": {"cases", "core", "members", "receptions", "regions", "workrooms"},
    # The top: no app imports these. The start page (a clerk's next reception, from cases)
    # and /healthz; backup and restore; the demo of every app.
    "home": {"accounts", "cases"},
    "backups": {"accounts", "audit", "scoring"},
    "demo": {
        "accounts", "cases", "members", "receptions", "regions", "reports", "scoring",
        "workrooms",
    },
}


def our_apps() -> list[str]:
    return sorted(c.name for c in apps.get_app_configs() if Path(c.path).parent == BASE)


def imports_between_apps() -> dict[str, dict[str, list[str]]]:
    """app -> other app it imports -> where ("path:line")."""
    names = set(our_apps())
    graph: dict[str, dict[str, list[str]]] = {name: defaultdict(list) for name in names}
    for app in names:
        for path in sorted((BASE / app).rglob("*.py")):
            if "migrations" in path.relative_to(BASE).parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                elif isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                else:
                    continue
                for module in modules:
                    other = module.split(".")[0]
                    if other in names and other != app:
                        where = f"{path.relative_to(BASE)}:{node.lineno}"
                        graph[app][other].append(where)
    return graph


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph` as [a, b, …, a], or None."""
    state: dict[str, str] = {}  # "open" while on the path, "done" once explored

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for other in sorted(graph.get(node, ())):
            if state.get(other) == "open":
                return path[path.index(other):] + [other]
            if other not in state and (found := visit(other, [*path, other])):
                return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def test_every_app_has_a_line_in_the_table():
    assert set(our_apps()) == set(ALLOWED), "新的应用请在 ALLOWED 中写明它可以依赖哪些应用"


def test_the_apps_import_exactly_what_the_table_allows():
    graph = imports_between_apps()
    unexpected = [
        f"{app} → {other}: {', '.join(sites)}"
        for app, others in sorted(graph.items()) for other, sites in sorted(others.items())
        if other not in ALLOWED.get(app, set())
    ]
    unused = [f"{app} → {other}" for app, others in sorted(ALLOWED.items())
              for other in sorted(others) if other not in graph.get(app, {})]
    assert not unexpected, "未在 ALLOWED 中允许的依赖：\n" + "\n".join(unexpected)
    assert not unused, "ALLOWED 中已不存在的依赖，请删去：\n" + "\n".join(unused)


def test_the_apps_import_each_other_without_a_cycle():
    graph = imports_between_apps()
    cycle = cycle_in({app: set(others) for app, others in graph.items()})
    if cycle:
        steps = [f"{a} → {b}: {', '.join(graph[a][b])}" for a, b in pairwise(cycle)]
        raise AssertionError("应用之间有循环依赖：" + " → ".join(cycle) + "\n" + "\n".join(steps))


def test_the_table_itself_has_no_cycle():
    assert cycle_in(ALLOWED) is None


def test_a_cycle_is_found_and_named():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycle_in(graph) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set()}) is None
