"""With the production settings (DEBUG off) /media/ is still routed to the scoped view:
uploads never depend on DEBUG (the old django.views.static.serve did)."""

from ..test_settings_production import manage

PROBE = (
    "from django.conf import settings; from django.urls import resolve; "
    "match = resolve('/media/members/photos/x.png'); "
    "print(settings.DEBUG, match.func.__module__, match.func.__name__, match.kwargs['name'])"
)


def test_production_settings_route_media_to_the_scoped_view():
    result = manage("shell", "-c", PROBE)

    assert result.returncode == 0, result.stdout + result.stderr
    last_line = result.stdout.strip().splitlines()[-1]  # after the shell's auto-import notice
    assert last_line.split() == ["False", "core.media", "serve", "members/photos/x.png"]
