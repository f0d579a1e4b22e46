"""Where one page spends its time: each query with its duration, the slowest ones EXPLAINed,
and a Python profile of the request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cppcc_bench_s10 \\
    .venv/bin/python -m bench.explain admin_cases [--top 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.explain")
    parser.add_argument("page")
    parser.add_argument("--top", type=int, default=3, help="EXPLAIN ANALYZE the slowest N")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    from .measure import client_for, configure

    configure()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from . import personas
    from .pages import PAGES

    page = next(p for p in PAGES if p.key == args.page)
    who = personas.choose()
    path = page.path(who)
    client = client_for(getattr(who, page.persona) if page.persona else None)
    client.get(path)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    total = (time.perf_counter() - started) * 1000
    queries = list(captured.captured_queries)
    in_sql = sum(float(q["time"]) for q in queries) * 1000
    print(f"{path}: {total:.0f} ms, {len(queries)} queries, {in_sql:.0f} ms in SQL")
    for q in sorted(queries, key=lambda q: -float(q["time"]))[: args.top]:
        print(f"\n-- {float(q['time']) * 1000:.0f} ms\n{q['sql']}\n")
        if q["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(client.get, path)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
