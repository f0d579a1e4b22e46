"""Where one page spends its time: each query with its duration, the slowest ones EXPLAINed,
and a Python profile of the request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cppcc_bench_s10 \\
    .venv/bin/python -m bench.explain admin_cases [--top 3] [--profile] [--times 200]

--times N: N more requests, and the median of each one's wall-clock and of this process's
CPU time (Django's own work, the database's excluded): on a machine other runs share, the
CPU time moves much less than the wall clock, so it is what to compare before and after.
Several page keys may be given.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.explain")
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--top", type=int, default=3, help="EXPLAIN ANALYZE the slowest N")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--times", type=int, default=0,
                        help="time N requests: median wall-clock and CPU ms")
    args = parser.parse_args(argv)
    from .measure import client_for, configure

    configure()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from . import personas
    from .pages import PAGES

    who = personas.choose()
    for key in args.pages:
        page = next(p for p in PAGES if p.key == key)
        _explain(page, who, args, connection, CaptureQueriesContext, client_for)


def _explain(page, who, args, connection, CaptureQueriesContext, client_for) -> None:
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
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    if args.times:
        wall, cpu = [], []
        for _ in range(args.times):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        print(f"{page.key}: {args.times} requests, median {statistics.median(wall):.1f} ms "
              f"wall, {statistics.median(cpu):.1f} ms CPU (this process)")


if __name__ == "__main__":
    main()
