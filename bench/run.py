"""The benchmark runner: every daily page and every heavy operation, at each scale,
on the databases bench.generate filled; writes results.md and results.json and prints the
table.

    .venv/bin/python -m bench.run --scales 1 10 --out bench/results

Each scale's database is postgres://postgres@127.0.0.1:5432/cppcc_bench_s<scale> unless
BENCH_DATABASE_URL_TEMPLATE says otherwise (with {scale} in it); --generate creates the
missing ones first (seed 42). Pages and each operation run in their own process
(bench.measure), so an operation's peak memory is its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import db, report

ROOT = Path(__file__).resolve().parent.parent


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--out", default="bench/results")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--pages", nargs="*", help="only these page keys (default: all)")
    parser.add_argument("--ops", nargs="*", help="only these operations (default: all)")
    parser.add_argument("--no-ops", action="store_true", help="pages only")
    parser.add_argument("--generate", action="store_true",
                        help="generate a scale's database first if it does not exist")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--quiet-load", type=float, default=1.5,
                        help="wait (up to 10 min) for the 1-minute load average to fall below "
                             "this before each measurement (other work skews timings)")
    return parser.parse_args(argv)


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def env_for(scale: int) -> dict:
    """The settings a measured process runs with: the scale's database, and what production
    has (docker-compose.yml): connections kept open, the cache in Redis (one key prefix per
    scale; a run starts by emptying it, bench.db.empty_cache)."""
    env = dict(os.environ)
    env["DATABASE_URL"] = db.url_for(scale)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    env.setdefault("CONN_MAX_AGE", "60")
    env["CACHE_URL"] = db.cache_url_for(scale)
    return env


def wait_quiet(limit: float) -> float:
    """Other engineers' test runs share this machine: wait for a quieter minute."""
    deadline = time.monotonic() + 600
    while os.getloadavg()[0] > limit and time.monotonic() < deadline:
        time.sleep(10)
    return round(os.getloadavg()[0], 2)


def ensure_database(scale: int, args) -> None:
    url = db.url_for(scale)
    db.check_name(url)
    if not db.exists(url):
        if not args.generate:
            sys.exit(f"{db.name_of(url)} does not exist: run bench.generate --scale {scale} "
                     "first, or pass --generate")
        subprocess.run([python(), "-m", "bench.generate", "--scale", str(scale), "--seed",
                        str(args.seed)], env=env_for(scale), cwd=ROOT, check=True)
    # Apps that landed after the data was generated add their tables (data untouched).
    subprocess.run([python(), "manage.py", "migrate", "-v0"], env=env_for(scale), cwd=ROOT,
                   check=True)


def measure(scale: int, argv: list[str], quiet: float) -> dict:
    load = wait_quiet(quiet)
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        started = time.perf_counter()
        done = subprocess.run([python(), "-m", "bench.measure", *argv, "--out", out.name],
                              env=env_for(scale), cwd=ROOT)
        if done.returncode != 0:
            return {"error": f"bench.measure {' '.join(argv)} exited {done.returncode}"}
        result = json.loads(Path(out.name).read_text() or "{}")
    result.update(load_before=load, wall_s=round(time.perf_counter() - started, 1))
    return result


def run_scale(scale: int, args) -> dict:
    from .ops import OPS

    ensure_database(scale, args)
    print(f"== scale {scale}: pages", flush=True)
    page_args = ["--pages", "--requests", str(args.requests)]
    if args.pages:
        page_args += ["--only", *args.pages]
    result = {"scale": scale, "database": db.name_of(db.url_for(scale)),
              "pages": measure(scale, page_args, args.quiet_load), "ops": []}
    if args.no_ops:
        return result
    for op in OPS:
        if args.ops and op.key not in args.ops:
            continue
        print(f"== scale {scale}: {op.title}", flush=True)
        result["ops"].append({"key": op.key, **measure(scale, ["--op", op.key], args.quiet_load)})
    return result


def main(argv=None) -> None:
    args = parse(argv)
    started = dt.datetime.now(dt.UTC)
    runs = [run_scale(scale, args) for scale in args.scales]
    results = {
        "started": started.isoformat(timespec="seconds"),
        "machine": report.machine(), "command": "python -m bench.run " + " ".join(
            sys.argv[1:] if argv is None else argv),
        "scales": runs,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    text = report.markdown(results)
    (out / "results.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
