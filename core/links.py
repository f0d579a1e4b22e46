"""Absolute links to our own pages, for what leaves the browser: the QR code printed on a
notice, the links in inbox messages, e-mails and SMS."""

from __future__ import annotations

from django.conf import settings


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
