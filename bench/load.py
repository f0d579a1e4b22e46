"""The load run: the app under gunicorn on loopback, and this process sending the daily
pages from simulated users for a fixed time; first each floor page alone (/healthz, and
/ping/ signed in as district staff), then the mix. Bounded: it stops by itself and stops the
gunicorn it started.

Target: the mix serves at least a quarter of the signed-in floor's requests per second,
with a p95 under 800 ms and no error (MIX_SHARE, MIX_P95_MS).

    .venv/bin/python -m bench.load --scale 1 [--users 20 --duration 60 --workers 2]

Users are logged in by sessions written the way django.contrib.auth.login and
django_otp.login write them (bench.personas.session_key): typing passwords would trip the
login lockout and the TOTP codes could not be replayed by 20 users at once.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from .measure import p95
from .run import ROOT, env_for

# The checkout's own environment, else the one running this (a worktree without a .venv).
GUNICORN = next((path for path in (ROOT / ".venv" / "bin" / "gunicorn",
                                   Path(sys.executable).with_name("gunicorn")) if path.exists()),
                "gunicorn")
MIX_SHARE = 0.25  # of the signed-in floor's requests per second
MIX_P95_MS = 800


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(scale: int) -> dict:
    env = env_for(scale)
    env.update(DEBUG="false", CELERY_BROKER_URL="",
               EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
               MEDIA_ROOT=tempfile.mkdtemp(prefix="cppcc-bench-media-"),
               STATIC_ROOT=tempfile.mkdtemp(prefix="cppcc-bench-static-"))
    return env


def start_server(scale: int, port: int, workers: int, log) -> subprocess.Popen:
    command = [str(GUNICORN), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--timeout", "60", "--log-level", "warning"]
    server = subprocess.Popen(command, env=server_env(scale), cwd=ROOT, stdout=log,
                              stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited; see its log")
        try:
            if get(port, "/healthz", None)[0] == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)  # graceful: the master stops its own workers
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def get(port: int, path: str, session: str | None) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Cookie": f"sessionid={session}"} if session else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


# --- the simulated users -----------------------------------------------------------------


def targets(users: int, only=None) -> list[list[tuple[str, str, str | None, int]]]:
    """Per simulated user: (page key, path, session, weight) for every daily page, and for
    the signed-in floor alone; each user has sessions of their own."""
    import django

    django.setup()
    from . import personas
    from .pages import FLOOR, LOGIN_FLOOR, PAGES

    who = personas.choose()
    out = []
    for _ in range(users):
        sessions = {}
        mine = []
        for page in PAGES:
            path = page.path(who)
            wanted = not only or page.key in only or page is LOGIN_FLOOR
            if path is None or page is FLOOR or not wanted:
                continue
            session = None
            if page.persona:
                if page.persona not in sessions:
                    sessions[page.persona] = personas.session_key(getattr(who, page.persona))
                session = sessions[page.persona]
            mine.append((page.key, path, session, page.weight))
        out.append(mine)
    return out


def drive(port: int, plans, seconds: float) -> dict:
    """Each thread is one user sending request after request until time is up."""
    stop_at = time.monotonic() + seconds
    times, errors, lock = defaultdict(list), defaultdict(int), threading.Lock()

    def user(n: int, plan):
        rng = random.Random(n)
        weights = [weight for *_, weight in plan]
        while time.monotonic() < stop_at:
            key, path, session, _w = rng.choices(plan, weights)[0]
            started = time.perf_counter()
            try:
                status, _size = get(port, path, session)
            except OSError:
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                times[key].append(elapsed)
                if status != 200:
                    errors[key] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(n, plan), daemon=True)
               for n, plan in enumerate(plans)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.monotonic() - started
    return summarise(times, errors, elapsed)


def summarise(times, errors, elapsed: float) -> dict:
    every = [t for samples in times.values() for t in samples]
    return {
        "seconds": round(elapsed, 1), "requests": len(every),
        "rps": round(len(every) / elapsed, 1), "errors": sum(errors.values()),
        "median_ms": round(sorted(every)[len(every) // 2], 1) if every else None,
        "p95_ms": round(p95(every), 1) if every else None,
        "pages": {key: {"requests": len(samples), "errors": errors.get(key, 0),
                        "p95_ms": round(p95(samples), 1)}
                  for key, samples in sorted(times.items())},
    }


def verdict(result: dict) -> tuple[float, bool]:
    """(the mix's share of the signed-in floor's requests per second, target met)."""
    floor, mix = result["login_floor"], result["mix"]
    share = mix["rps"] / floor["rps"] if floor["rps"] else 0
    met = share >= MIX_SHARE and (mix["p95_ms"] or 0) < MIX_P95_MS and mix["errors"] == 0
    return share, met


def markdown(result: dict) -> str:
    floor, login, mix = result["floor"], result["login_floor"], result["mix"]
    share, met = verdict(result)
    only = result.get("pages_only")
    lines = [
        f"# Load run (scale {result['scale']}" + (f"; mix of {', '.join(only)} only)" if only
                                                   else ")"),
        "",
        f"gunicorn {result['workers']} sync workers on 127.0.0.1, {result['users']} simulated "
        f"users (threads in one client process on the same {os.cpu_count()} CPUs), "
        f"{result['duration']} s per phase; started {result['started']} UTC, 1-minute load "
        f"average before: {result['load_before']}. As in docker-compose.yml: "
        f"{_settings_text(result['settings'])}; the server starts with an empty cache.",
        "",
        "| phase | requests | req/s | median ms | p95 ms | errors |",
        "|---|---|---|---|---|---|",
        f"| floor page alone (/healthz) | {floor['requests']} | {floor['rps']} | "
        f"{floor['median_ms']} | {floor['p95_ms']} | {floor['errors']} |",
        f"| signed-in floor alone (/ping/, district staff) | {login['requests']} | "
        f"{login['rps']} | {login['median_ms']} | {login['p95_ms']} | {login['errors']} |",
        f"| daily pages' mix | {mix['requests']} | {mix['rps']} | {mix['median_ms']} | "
        f"{mix['p95_ms']} | {mix['errors']} |",
        "",
        f"Mix ÷ signed-in floor: {share:.2f}; mix p95 {mix['p95_ms']} ms; {mix['errors']} "
        f"errors (target ≥ {MIX_SHARE}, p95 < {MIX_P95_MS} ms, zero errors): "
        f"**{'met' if met else 'MISSED'}**.",
        "",
        "| page in the mix | requests | p95 ms | errors |",
        "|---|---|---|---|",
    ]
    lines += [f"| {key} | {page['requests']} | {page['p95_ms']} | {page['errors']} |"
              for key, page in mix["pages"].items()]
    return "\n".join(lines) + "\n"


def _settings_text(settings: dict) -> str:
    return (f"database connections kept {settings['CONN_MAX_AGE']} s (CONN_MAX_AGE), the "
            f"cache at {settings['CACHE_URL']}")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--floor-duration", type=float, default=None,
                        help="seconds of each floor-only phase (default: --duration)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", nargs="*", help="only these pages in the mix")
    parser.add_argument("--out", default="bench/results")
    args = parser.parse_args(argv)
    import datetime as dt

    os.environ.update(server_env(args.scale))
    from .db import check_name, empty_cache

    check_name(os.environ["DATABASE_URL"])
    plans = targets(args.users, args.pages)
    login_plans = [[entry for entry in plan if entry[0] == "login_floor"] for plan in plans]
    plans = [[entry for entry in plan if entry[0] != "login_floor"] for plan in plans]
    empty_cache()  # the server starts cold, as after a deployment
    port = free_port()
    result = {"scale": args.scale, "users": args.users, "duration": args.duration,
              "workers": args.workers, "started": dt.datetime.now(dt.UTC).isoformat("T", "seconds"),
              "load_before": round(os.getloadavg()[0], 2),
              "settings": {name: os.environ[name] for name in ("CONN_MAX_AGE", "CACHE_URL")}}
    with tempfile.NamedTemporaryFile("w", prefix="gunicorn-", suffix=".log", delete=False) as log:
        server = start_server(args.scale, port, args.workers, log)
        try:
            floor_plans = [[("floor", "/healthz", None, 1)]] * args.users
            result["floor"] = drive(port, floor_plans, args.floor_duration or args.duration)
            result["login_floor"] = drive(port, login_plans,
                                          args.floor_duration or args.duration)
            result["mix"] = drive(port, plans, args.duration)
        finally:
            stop_server(server)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    name = f"load-scale{args.scale}" + ("-" + "-".join(args.pages) if args.pages else "")
    result["pages_only"] = args.pages
    (out / f"{name}.json").write_text(json.dumps(result, indent=1))
    text = markdown(result)
    (out / f"{name}.md").write_text(text)
    print(text)
    return result


if __name__ == "__main__":
    main()
