"""`core.links.url_for` makes a list's row links from one reversed link: each must be the
link `reverse` gives for that row."""

from django.urls import reverse

from core.links import url_for


def test_a_row_link_is_what_reverse_gives_for_that_row():
    for name in ("cases:case", "cases:activity", "scoring:member"):
        url = url_for(name)
        for pk in (1, 7, 10, 987654321, 123456789012):
            assert url(pk) == reverse(name, args=[pk])
