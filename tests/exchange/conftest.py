"""A city-wide 12345 client and a 越秀区 one, the personas' workrooms, and a mock of the
hotline's receiving end (a real HTTP server on localhost) for the outcomes pushed back."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from exchange.services import api_client_create

from ..cases.conftest import ledger  # noqa: F401 - a held reception's case
from ..factories import district

SERVICES = "/open311/v2/services.json"
REQUESTS = "/open311/v2/requests.json"


class Receiver(BaseHTTPRequestHandler):
    """What the hotline's system would do with our POST: keep it and answer `status`."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(SimpleNamespace(
            path=self.path, headers=self.headers, body=body, json=json.loads(body)))
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def hotline_receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.received, server.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/12345/outcome"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def hotline(personas, hotline_receiver):
    """The city's 12345 platform (whole city) and 越秀区's (one district), with their keys."""
    city, city_key, city_secret = api_client_create(
        name="广州市12345热线", callback_url=hotline_receiver.url, rate_per_minute=100)
    yuexiu, yuexiu_key, _ = api_client_create(
        name="越秀区12345分中心", district=district("越秀区"), rate_per_minute=100)
    return SimpleNamespace(
        p=personas, city=city, city_key=city_key, city_secret=city_secret, yuexiu=yuexiu,
        yuexiu_key=yuexiu_key, receiver=hotline_receiver,
    )


def order(room, **extra) -> dict:
    """The specification's example POST (service_code, lat/long, address_string, name,
    phone, description...), with the hotline's order number and the workroom."""
    data = {
        "jurisdiction_id": "guangzhou.gov.cn", "service_code": "990101",
        "lat": "23.129163", "long": "113.264435", "address_string": "越秀区北京路123号",
        "email": "smit333@sfgov.edu", "device_id": "tt222111", "account_id": "123456",
        "first_name": "小明", "last_name": "王", "phone": "13812345678",
        "description": "北京路123号门口的路灯坏了一个多月", "media_url": "http://test.com/img.jpg",
        "attribute[external_id]": "GZ12345-20261207-0001",
        "attribute[workroom_id]": str(room.pk),
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}
