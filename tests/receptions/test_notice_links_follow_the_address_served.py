"""The links a notice carries (its QR code and printed address, 规范 第九条, and the links in the
messages about it) lead where people reach the product: PUBLIC_BASE_URL when set; else the
host and port the staff member's request came to; else, for the daily job, the address
served (SERVED_BASE_URL, which `make run` sets from its HOST and PORT)."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from notices.choices import Channel
from notices.models import Message
from receptions.services import notice_publish_due


def pdf_text(notice) -> str:
    with notice.pdf.open("rb") as f:
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(f.read())).pages)


def clerk_message(personas) -> Message:
    return Message.objects.get(recipient=personas.beijing_clerk, channel=Channel.INBOX)


@pytest.fixture
def unset(settings):
    settings.PUBLIC_BASE_URL = ""
    settings.SERVED_BASE_URL = "http://127.0.0.1:8765"
    return settings


def test_the_daily_job_links_to_the_address_served(reception, personas, unset):
    [notice] = notice_publish_due(today=dt.date(2026, 11, 13))

    page = f"http://127.0.0.1:8765/workrooms/{personas.beijing_room.pk}/"
    assert page in pdf_text(notice).replace("\n", "")
    assert f"http://127.0.0.1:8765/workrooms/notices/{notice.pk}.pdf" in clerk_message(
        personas
    ).body
    assert "localhost:8000" not in clerk_message(personas).body


def publish_from_the_admin(client, personas, reception, host):
    client.force_login(personas.yuexiu_staff)
    return client.post(
        "/admin/receptions/reception/",
        {"action": "publish_now", "_selected_action": [reception.pk]},
        HTTP_HOST=host,
    )


def test_publishing_from_the_admin_links_to_the_host_and_port_of_the_request(
    reception, personas, client, unset
):
    publish_from_the_admin(client, personas, reception, "localhost:9123")

    [notice] = reception.notices.all()
    assert f"http://localhost:9123/workrooms/{personas.beijing_room.pk}/" in pdf_text(
        notice
    ).replace("\n", "")
    assert "http://localhost:9123/workrooms/notices/" in clerk_message(personas).body


def test_a_public_base_url_that_is_set_wins(reception, personas, client, settings):
    settings.PUBLIC_BASE_URL = "https://wyjsq.gzzx.example.cn/"

    publish_from_the_admin(client, personas, reception, "localhost:9123")

    assert "https://wyjsq.gzzx.example.cn/workrooms/notices/" in clerk_message(personas).body
    assert "localhost:9123" not in clerk_message(personas).body
