"""docker-compose.yml: the app trusts X-Forwarded-Proto and X-Forwarded-For, so nothing but
the reverse proxy may reach it. The web port is published on 127.0.0.1 only, gunicorn takes
forwarded headers from the proxy's address only, and the client is read behind one proxy."""

import re
from pathlib import Path

from ruamel.yaml import YAML

BASE_DIR = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return YAML(typ="safe").load((BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))


def default(value: str) -> str:
    """`${NAME:-default}` as compose reads it with NAME unset."""
    return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(value))


def test_no_port_is_published_on_every_interface():
    published = [(name, default(port)) for name, service in compose()["services"].items()
                 for port in service.get("ports", [])]
    assert published == [("web", "127.0.0.1:8000:8000")]


def test_gunicorn_takes_forwarded_headers_from_the_proxy_only():
    environment = compose()["services"]["web"]["environment"]
    allowed = default(environment["FORWARDED_ALLOW_IPS"])
    assert allowed and "*" not in allowed
    gateway = compose()["networks"]["default"]["ipam"]["config"][0]["gateway"]
    assert allowed == gateway  # the host's proxy comes in through the network's gateway
    dockerfile = (BASE_DIR / "Dockerfile").read_text(encoding="utf-8")
    assert "--forwarded-allow-ips" not in dockerfile  # so gunicorn reads FORWARDED_ALLOW_IPS


def test_the_client_is_read_behind_one_proxy():
    environment = compose()["services"]["web"]["environment"]
    assert default(environment["TRUSTED_PROXY_COUNT"]) == "1"
