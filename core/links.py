"""Links to our own pages: absolute, for what leaves the browser (the QR code printed on a
notice, the links in inbox messages, e-mails and SMS), and the same page's link for each
row of a list."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, reverse


def site_base_url(request=None) -> str:
    """Where people reach the product, without a trailing slash: PUBLIC_BASE_URL when set
    (production: the public host name); else the scheme, host and port the request came to;
    else, for jobs run by a worker, the address served (SERVED_BASE_URL: `make run` sets it
    from its HOST and PORT)."""
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.SERVED_BASE_URL.rstrip("/")


URL_MARK = 987654321  # a key no row has, where url_for's links put each row's


def url_for(name: str) -> Callable[[int], str]:
    """`url(pk)` for the page `name` of many rows, the same as `reverse(name, args=[pk])`:
    reversed once (for each prefix the site is served under) rather than once a row."""
    before, after = _around_key(name, get_script_prefix())
    return lambda pk: f"{before}{pk}{after}"


@cache
def _around_key(name: str, _prefix: str) -> tuple[str, str]:
    before, mark, after = reverse(name, args=[URL_MARK]).rpartition(str(URL_MARK))
    assert mark, name
    return before, after
