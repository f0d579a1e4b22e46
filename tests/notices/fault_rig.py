"""The rig of the fault matrix (test_fault_matrix.py): stub gateways that count what they
receive, and a fleet of real Celery workers that the test kills.

The gateways run in the test's own process, so their counts survive any worker's death: an
SMS gateway over HTTP (HttpGatewayBackend) counting per X-Request-ID, and a mail server over
SMTP counting per Message-ID. Either can be told to hold the next request it receives, which
is how a test kills a worker inside the gateway call.
"""

from __future__ import annotations

import os
import re
import signal
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
DEADLINE = 60


class Gateways:
    """Deliveries per (channel, message id), and the hold of the next request."""

    def __init__(self):
        self.lock = threading.Lock()
        self.deliveries: Counter = Counter()
        self.hold_channel = ""
        self.held_id = ""
        self.held = threading.Event()
        self.release = threading.Event()
        self.servers = [
            ThreadingHTTPServer(("127.0.0.1", 0), self._http_handler()),
            socketserver.ThreadingTCPServer(("127.0.0.1", 0), self._smtp_handler()),
        ]
        for server in self.servers:
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
        self.sms_url = f"http://127.0.0.1:{self.servers[0].server_port}/sms"
        self.smtp_port = self.servers[1].server_address[1]

    def received(self, channel: str, ident: str) -> None:
        with self.lock:
            self.deliveries[(channel, ident)] += 1
            hold = self.hold_channel == channel
            if hold:
                self.hold_channel, self.held_id = "", ident
        if hold:
            self.held.set()
            self.release.wait(timeout=DEADLINE)

    def hold_next(self, channel: str) -> None:
        self.held.clear()
        self.release.clear()
        self.hold_channel = channel

    def count(self, channel: str, pk: int) -> int:
        return self.deliveries[(channel, str(pk))]

    def close(self) -> None:
        self.release.set()
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def _http_handler(self):
        gateways = self

        class SmsGateway(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                gateways.received("sms", self.headers.get("X-Request-ID", ""))
                body = b'{"ok":true}'
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the worker died while we held its request

            def log_message(self, *args):
                pass

        return SmsGateway

    def _smtp_handler(self):
        gateways = self

        class MailServer(socketserver.StreamRequestHandler):
            """Just enough SMTP for smtplib: greeting, EHLO, MAIL, RCPT, DATA, QUIT."""

            def say(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self):
                try:
                    self.say("220 stub ESMTP")
                    while line := self.rfile.readline():
                        verb = line[:4].upper()
                        if verb == b"DATA":
                            self.say("354 end with <CRLF>.<CRLF>")
                            gateways.received("email", self.message_id())
                            self.say("250 OK")
                        elif verb == b"QUIT":
                            self.say("221 bye")
                            return
                        else:
                            self.say("250 OK")
                except OSError:
                    pass  # the worker died while we held its message

            def message_id(self) -> str:
                ident = ""
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    found = re.match(rb"Message-ID:\s*<message-(\d+)@", line, re.IGNORECASE)
                    if found and not ident:
                        ident = found.group(1).decode()
                return ident

        return MailServer


class Fleet:
    """Real `celery worker --pool=prefork -c 1` processes on one queue, each in a process
    group of its own; killed as the test says, and replaced."""

    def __init__(self, *, tmp: Path, env: dict[str, str]):
        self.tmp, self.env, self.workers = tmp, env, []
        self.faults = tmp / "faults"
        self.faults.mkdir()

    def start(self) -> None:
        name = f"fault-{uuid.uuid4().hex[:6]}"
        log = self.tmp / f"{name}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tests.worker_app", "worker",
             "--pool=prefork", "-c", "1", "--queues", self.env["TEST_QUEUE"],
             "--hostname", f"{name}@%h", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=BASE_DIR, env={**os.environ, **self.env, "FAULT_DIR": str(self.faults)},
            stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.workers.append((process, log))

    def ready(self, count: int) -> None:
        """Wait until `count` workers listen (a replacement may still be starting)."""
        deadline = time.monotonic() + DEADLINE
        while sum(" ready." in log.read_text() for _, log in self.workers) < count:
            if time.monotonic() > deadline:
                pytest.fail(f"{count} 个 worker 未能在 {DEADLINE} 秒内就绪：\n{self.output()}")
            time.sleep(0.1)

    def arm(self, point: str) -> None:
        for path in self.faults.glob("*.hit"):
            path.unlink()
        (self.faults / "armed").write_text(point)

    def disarm(self) -> None:
        (self.faults / "armed").unlink(missing_ok=True)

    def paused_at(self, point: str) -> int:
        """The pid of the process that stopped at `point`."""
        marker = self.faults / f"{point}.hit"
        wait_for(lambda: marker.exists() and marker.read_text(), f"worker 停在 {point}", self)
        return int(marker.read_text())

    def claimer(self, message_id: str) -> int:
        """The pid of the process that claimed this message (0: none yet)."""
        try:
            return int((self.faults / f"claimed-{message_id}").read_text() or 0)
        except FileNotFoundError:
            return 0

    def kill(self, pid: int, whole: bool) -> None:
        """SIGKILL: the pool child alone (its worker forks another and the broker's message
        goes back to the queue at once), or the whole worker with its child (the message
        goes back when Redis's visibility timeout has passed; a replacement starts)."""
        if not whole:
            os.kill(pid, signal.SIGKILL)
            return
        group = os.getpgid(pid)
        os.killpg(group, signal.SIGKILL)
        for process, log in list(self.workers):
            if process.pid == group:
                process.wait(timeout=10)
                self.workers.remove((process, log))
        self.start()

    def output(self) -> str:
        return "\n".join(log.read_text(errors="replace")[-3000:] for _, log in self.workers)

    def stop(self) -> None:
        for process, _log in self.workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_for(condition, what: str, fleet: Fleet, deadline: float = DEADLINE):
    end = time.monotonic() + deadline
    while not (found := condition()):
        if time.monotonic() > end:
            pytest.fail(f"{deadline} 秒内未等到：{what}\n{fleet.output()}", pytrace=False)
        time.sleep(0.05)
    return found
