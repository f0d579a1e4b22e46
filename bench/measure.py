"""One measuring process on one database (bench.run starts it once for the pages and once
per operation, with DATABASE_URL set to the scale's database).

    python -m bench.measure --pages --requests 40 --out /tmp/pages.json
    python -m bench.measure --op quota_all --out /tmp/quota.json

Pages go through Django's test client (the whole middleware stack, no HTTP server), each
as its persona: force_login, and for staff who must use TOTP the session marked verified
as django_otp.login marks it. DEBUG is off, e-mail goes to memory, Celery runs in-process,
files go to a temporary MEDIA_ROOT.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import sys
import tempfile
import time


def configure() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    os.environ["CELERY_BROKER_URL"] = ""  # in-process tasks; /healthz skips the broker
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="cppcc-bench-media-")
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="cppcc-bench-static-"))
    import django

    django.setup()


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


# --- pages -------------------------------------------------------------------------------


def client_for(persona_user):
    from django.test import Client

    from . import personas

    client = Client()
    if persona_user is not None:
        client.force_login(persona_user)
        personas.verify_otp(client, persona_user)
    return client


def measure_page(page, who, requests: int) -> dict:
    path = page.path(who)
    if path is None:
        return {"key": page.key, "title": page.title, "available": False}
    try:
        return _measure_page(page, who, path, requests)
    except Exception as error:  # noqa: BLE001 - a broken page is a finding, not a crash
        return {"key": page.key, "title": page.title, "available": True, "path": path,
                "error": f"{error.__class__.__name__}: {error}"[:300]}


COLD_REQUESTS = 10


def _measure_page(page, who, path: str, requests: int) -> dict:
    """The page as people get it (what it caches, CACHED_PAGE_SECONDS, already cached:
    `requests` timed), and cold (the cache emptied before each of COLD_REQUESTS)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(getattr(who, page.persona) if page.persona else None)
    for _ in range(3):  # warm the templates, the session
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{page.key}: {path} answered {response.status_code}")
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    cold_queries = [q["sql"] for q in captured.captured_queries]
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    queries = [q["sql"] for q in captured.captured_queries]  # before later requests reset it
    times = [_timed(client, page, path) for _ in range(requests)]
    cold = []
    for _ in range(COLD_REQUESTS):
        cache.clear()
        cold.append(_timed(client, page, path))
    return {"key": page.key, "title": page.title, "available": True, "path": path,
            "queries": len(queries), "cold_queries": len(cold_queries), "requests": requests,
            "bytes": len(response.content),
            "median_ms": round(statistics.median(times), 2), "p95_ms": round(p95(times), 2),
            "cold_median_ms": round(statistics.median(cold), 2),
            "cold_p95_ms": round(p95(cold), 2),
            "sql": [q[:300] for q in cold_queries]}


def _timed(client, page, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{page.key}: {path} answered {response.status_code}")
    return elapsed


def measure_pages(requests: int, only: list[str] | None = None) -> dict:
    from . import personas
    from .pages import FLOORS, PAGES

    who = personas.choose()
    results = [measure_page(page, who, requests) for page in PAGES
               if not only or page.key in only or page.key in FLOORS]
    return {"personas": {
        "member": f"{who.member.name} (#{who.member.pk}, {who.member_user.username})",
        "district": f"{who.district.name} ({who.district_staff.username})",
        "workroom": f"{who.workroom.name} (#{who.workroom.pk}, clerk {who.clerk.username})",
        "city": who.city.username,
    }, "pages": results}


# --- operations --------------------------------------------------------------------------


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure_op(key: str, repeat: int | None = None) -> dict:
    from .ops import BY_KEY

    op = BY_KEY[key]
    result = {"key": op.key, "title": op.title, "target_s": op.target_s,
              "target_each_s": op.target_each_s, "target_scale": op.target_scale}
    context = op.prepare()
    if context is None:
        return {**result, "available": False}
    before = rss_mib()
    times, what, items = [], "", None
    for _ in range(repeat or op.repeat):
        started = time.perf_counter()
        try:
            what = op.run(context)
        except Exception as error:  # noqa: BLE001 - a failing operation is a finding
            return {**result, "available": True,
                    "error": f"{error.__class__.__name__}: {error}"[:300]}
        elapsed = time.perf_counter() - started
        if isinstance(what, tuple):  # (description, seconds of the part that counts, items)
            what, elapsed, items = what
        times.append(elapsed)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    median = statistics.median(times)
    return {**result, "available": True, "runs_s": [round(t, 3) for t in times],
            "median_s": round(median, 3), "done": what, "items": items,
            "median_each_s": round(median / items, 4) if items else None,
            "rss_before_mib": round(before, 1), "peak_rss_mib": round(peak, 1),
            "peak_growth_mib": round(peak - before, 1)}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("--pages", action="store_true")
    parser.add_argument("--only", nargs="*", help="page keys (the floors are always measured)")
    parser.add_argument("--op")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--repeat", type=int)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    configure()
    from .db import check_name, empty_cache

    check_name(os.environ["DATABASE_URL"])
    empty_cache()
    if args.pages:
        result = measure_pages(args.requests, args.only)
    else:
        result = measure_op(args.op, args.repeat)
    with open(args.out, "w") as out:
        json.dump(result, out, ensure_ascii=False, indent=1, default=str)


if __name__ == "__main__":
    sys.exit(main())
