"""A file is found by an exact match of its stored name in the database: `..`, encoded
variants, absolute paths and folders nobody registered find nothing, even for the
municipal office (who sees every row); a name with a NUL character is a 400, whether the
file exists or not."""

import pytest

SETTINGS = "config/settings/base.py"
ATTEMPTS = [
    f"/media/../{SETTINGS}",
    f"/media/%2e%2e/{SETTINGS}",
    f"/media/%2E%2E/{SETTINGS}",
    f"/media/members/photos/../../{SETTINGS}",
    f"/media/members/photos/..%2f..%2f{SETTINGS}",
    f"/media/members/photos/%2e%2e/%2e%2e/{SETTINGS}",
    f"/media/members/photos/..%5c..%5c{SETTINGS}",
    f"/media/cases/photos/%252e%252e/%252e%252e/{SETTINGS}",
    f"/media/reports/../../{SETTINGS}",
    f"/media//work/{SETTINGS}",
    "/media/%2fetc/passwd",
    "/media//etc/passwd",
    "/media/members/photos/./../../manage.py",
    "/media/members/photos/chen.png%00",
    "/media/manage.py",
    "/media/other/photo.png",
    "/media/",
]


@pytest.mark.parametrize("url", ATTEMPTS)
@pytest.mark.parametrize("who", [None, "city"])
def test_traversal_and_unregistered_names_are_404(client, files, url, who):
    if who:
        client.force_login(getattr(files.p, who))
    response = client.get(url)

    # A NUL anywhere in an address is refused before any view (core.middleware).
    assert response.status_code == (400 if "%00" in url else 404)
    assert b"SECRET_KEY" not in response.content


def test_a_stored_name_with_a_traversal_suffix_is_404(client, files):
    client.force_login(files.p.city)
    name = files.evidence.attachment.name

    assert client.get(f"/media/{name}").status_code == 200
    assert client.get(f"/media/{name}/../../../{SETTINGS}").status_code == 404
    assert client.get(f"/media/{name}x").status_code == 404


def test_post_is_refused(client, files):
    client.force_login(files.p.city)

    assert client.post(files.evidence.attachment.url).status_code == 405
