"""A scoped upload (activity photos of visitors, duty evidence, reports) goes out with
`Cache-Control: no-store`; the public photos and notices stay cacheable (规范 第八条)."""


def test_a_scoped_file_is_not_stored(client, files):
    client.force_login(files.p.beijing_clerk)
    for file in (files.activity_photo.image, files.evidence.attachment):
        response = client.get(file.url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], file.name


def test_a_public_photo_stays_cacheable_even_for_a_logged_in_user(client, files):
    client.force_login(files.p.beijing_clerk)
    response = client.get(files.public_photo.photo.url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]
