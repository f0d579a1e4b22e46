"""A local HTTP server standing in for the SMS gateway: it records each request and answers
what the test tells it to. `notify_and_send`: notify() as a committed transaction runs it."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from notices.services import Recipient, notify

PHONE = "13812345678"
TEXT = "您反映的路灯问题已转交街道办理"


@dataclass
class Gateway:
    url: str
    requests: list = field(default_factory=list)
    status: int = 200
    body: bytes = b'{"Code":"OK","Message":"OK","RequestId":"r-1","BizId":"b-1"}'
    headers: dict = field(default_factory=dict)
    delay: float = 0.0

    def answer(self, status=200, body=b"", delay=0.0, **headers):
        self.status, self.body, self.delay, self.headers = status, body, delay, headers


@dataclass
class Seen:
    method: str
    path: str
    headers: dict
    body: bytes


@pytest.fixture
def gateway():
    holder = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            gw = holder["gw"]
            length = int(self.headers.get("Content-Length", 0))
            # The headers as received: looked up without regard to case, as HTTP's are.
            gw.requests.append(Seen("POST", self.path, self.headers, self.rfile.read(length)))
            time.sleep(gw.delay)
            self.send_response(gw.status)
            for name, value in gw.headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(gw.body)))
            self.end_headers()
            self.wfile.write(gw.body)

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder["gw"] = Gateway(url=f"http://127.0.0.1:{server.server_port}/")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield holder["gw"]
    server.shutdown()
    server.server_close()


@pytest.fixture
def visitor():
    """A member of the public reached by SMS only (no login, no e-mail)."""
    return Recipient(name="来访群众 #1", phone=PHONE)


@pytest.fixture
def platform(settings, gateway):
    """The HTTP gateway backend (政务短信平台) pointed at the local server."""
    settings.SMS_BACKEND = "notices.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = gateway.url + "api/sms"
    settings.SMS_GATEWAY_TOKEN = "t0ken"
    return gateway


@pytest.fixture
def notify_and_send(django_capture_on_commit_callbacks):
    """notify() in a transaction that commits: the rows are written, then each e-mail and
    SMS is sent by its own task (run in-process here). Returns the messages, fresh."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            messages = notify(**kwargs)
        for message in messages:
            message.refresh_from_db()
        return messages

    return run
