"""Fill a dedicated PostgreSQL database with a Guangzhou-sized dataset.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cppcc_bench_s1 \\
    DJANGO_SETTINGS_MODULE=config.settings.base \\
    .venv/bin/python -m bench.generate --scale 1 --seed 42

The database named in DATABASE_URL is dropped and created again (only names starting with
``cppcc_bench`` are accepted), migrated (which loads the 11 districts, 176 towns/streets,
sectors, committees, topics, departments and rules), then filled by COPY. The same seed
and the same --today give the same rows. Historical (simple-history) tables stay empty:
bulk loading writes no history, as bulk imports in the product do not either.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1, help="1: 4,000 members … ×10: 40,000")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="the day the history ends (default: today in Asia/Shanghai)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    return parser.parse_args(argv)


def main(argv=None) -> dict:
    args = parse(argv)
    from . import db

    if not args.database_url:
        sys.exit("Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/cppcc_bench_s1).")
    db.check_name(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    started = time.perf_counter()
    db.recreate(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    counts = fill(scale=args.scale, seed=args.seed, today=args.today or _today())
    finished = time.perf_counter()
    report = {"scale": args.scale, "seed": args.seed, "database": db.name_of(args.database_url),
              "migrate_s": round(migrated - started, 1), "fill_s": round(finished - migrated, 1),
              "total_s": round(finished - started, 1), "rows": counts}
    print(_summary(report))
    return report


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def fill(*, scale: int, seed: int, today: dt.date) -> dict:
    from django.apps import apps

    from . import db
    from .history import build_history
    from .world import Ids, build_world

    rng, ids = random.Random(seed), Ids()
    years = [today.year - 2, today.year - 1, today.year]
    _district_rule()
    db.triggers_off()
    step = time.perf_counter()
    world = build_world(rng=rng, scale=scale, today=today, ids=ids)
    print(f"  world: {time.perf_counter() - step:.1f} s", flush=True)
    step = time.perf_counter()
    build_history(world=world, rng=rng, scale=scale, years=years, ids=ids)
    print(f"  history: {time.perf_counter() - step:.1f} s", flush=True)
    db.triggers_on()
    step = time.perf_counter()
    checked = db.verify_foreign_keys(list(apps.get_models(include_auto_created=True)))
    print(f"  {checked} foreign keys verified: {time.perf_counter() - step:.1f} s", flush=True)
    step = time.perf_counter()
    from django.db import connection

    from scoring.tallies import tallies_rebuild

    with connection.cursor() as cursor:  # the tallies' join of records and members is planned
        cursor.execute("ANALYZE")  # on the loaded tables' statistics, not on empty ones
    tallies = tallies_rebuild(years=years)
    print(f"  {tallies} member tallies counted: {time.perf_counter() - step:.1f} s", flush=True)
    step = time.perf_counter()
    _finish()
    print(f"  sequences and ANALYZE: {time.perf_counter() - step:.1f} s", flush=True)
    return table_counts()


def _district_rule() -> None:
    """One district keeps its own regular day (规范 第九条: 各区可确定固定日期)."""
    from receptions.models import DistrictReceptionRule
    from regions.models import District

    district = District.objects.order_by("-code").first()
    DistrictReceptionRule.objects.create(district=district, day_of_month=10)


def _finish() -> None:
    from django.apps import apps
    from django.db import connection

    from .db import reset_sequences

    reset_sequences(list(apps.get_models(include_auto_created=True)))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


COUNTED = [
    "accounts.User", "workrooms.Workroom", "members.Member", "members.Constituent",
    "receptions.Reception", "receptions.Notice", "cases.Activity", "cases.Visitor",
    "cases.Case", "cases.CaseStep", "cases.Callback", "scoring.DutyRecord",
    "scoring.SectorActivity", "scoring.MemberTally",
]


def table_counts() -> dict:
    from django.apps import apps
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for label in COUNTED:
            model = apps.get_model(label)
            cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')  # noqa: S608
            counts[label] = cursor.fetchone()[0]
        for label, name in [("scoring.DutyRecord", "members"),
                            ("workrooms.Workroom", "members")]:
            through = apps.get_model(label)._meta.get_field(name).remote_field.through
            cursor.execute(f'SELECT count(*) FROM "{through._meta.db_table}"')  # noqa: S608
            counts[f"{label}.{name}"] = cursor.fetchone()[0]
    return counts


def _summary(report: dict) -> str:
    lines = [f"scale {report['scale']} (seed {report['seed']}) into {report['database']}: "
             f"migrate {report['migrate_s']} s, fill {report['fill_s']} s, "
             f"total {report['total_s']} s"]
    lines += [f"  {label:<32} {count:>10,}" for label, count in report["rows"].items()]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
