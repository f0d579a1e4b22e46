"""The auditor's record-changes page (/audit/changes/) shows that a
constituent's name or phone changed, never what they are."""

from django.urls import reverse

from ..factories import ConstituentFactory


def test_a_constituents_name_and_phone_are_masked_on_the_changes_page(client, personas):
    person = ConstituentFactory(member=personas.member, name="周秘密", phone="13500001234")
    person.name, person.phone = "周新名", "13500005678"
    person.save()
    client.force_login(personas.auditor)
    body = client.get(reverse("audit:changes"), {"model": "members.constituent"}).content.decode()
    assert "结对界别群众" in body
    for plain in ["周秘密", "周新名", "13500001234", "13500005678"]:
        assert plain not in body, plain
    assert "135****5678" in body and "周**" in body
