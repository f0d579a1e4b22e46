"""Every message the product writes about a record (a case, a reception notice, a report, a
member's duty year, a privilege request) carries the link of that record's page, which the
inbox shows: each `notify(...)` call in the apps passes `link=`. Only the messages about the
account itself (its password, its second factor, its lock, its new role) link nowhere."""

from __future__ import annotations

import ast
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
APPS = ["accounts", "cases", "receptions", "reports", "scoring", "members", "workrooms",
        "regions", "audit", "core", "public", "home", "documents", "privacy"]
# The keys (their first literal part) of messages about the account, not about a record.
ABOUT_THE_ACCOUNT = ("accounts:otp-lockout:", "otp-removed:", "password-set:",
                     "change-request:{}:applied")


def notify_calls():
    for app in APPS:
        for path in (BASE / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "notify":
                    yield path.relative_to(BASE), node


def key_of(call: ast.Call) -> str:
    key = next(k.value for k in call.keywords if k.arg == "key")
    if isinstance(key, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in key.values)
    return key.value if isinstance(key, ast.Constant) else ""


def test_each_notify_call_about_a_record_passes_its_link():
    calls = list(notify_calls())
    assert len(calls) >= 15  # the scan finds the calls (cases, receptions, reports, ...)
    missing = [
        f"{path}:{call.lineno} {key_of(call)}" for path, call in calls
        if not any(k.arg == "link" for k in call.keywords)
        and not key_of(call).startswith(ABOUT_THE_ACCOUNT)
    ]
    assert missing == []
