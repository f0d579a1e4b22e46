"""The receipt slip the clerk shows or prints right after registering: the receipt number,
the workroom, the date, the topic and how to look the request up (the public page's address
and its QR code); nobody's name, phone or address, and not the request's text."""

from django.urls import reverse

from cases.models import Case, Topic

from .conftest import ADDRESS, PHONE, held_activity


def _register(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    topic = Topic.objects.get(name="养老服务")
    data = {
        "visitor-name": "李阿姨", "visitor-phone": PHONE,
        "visitor-address": ADDRESS, "visitor-consent_to_contact": "on",
        "cases-TOTAL_FORMS": "2", "cases-INITIAL_FORMS": "0",
        "cases-MIN_NUM_FORMS": "1", "cases-MAX_NUM_FORMS": "20",
        "cases-0-topic": topic.pk, "cases-0-town": activity.workroom.town_id,
        "cases-0-content": "长者饭堂太远",
        "cases-1-topic": topic.pk, "cases-1-town": activity.workroom.town_id,
        "cases-1-content": "希望增设助餐点",
    }
    response = client.post(reverse("cases:visitor_add", args=[activity.pk]), data, follow=True)
    return response, list(Case.objects.order_by("pk"))


def test_the_clerk_sees_the_receipt_numbers_and_the_slip_at_once(client, personas):
    response, cases = _register(client, personas)
    page = response.content.decode()
    for case in cases:
        assert case.receipt in page
    assert reverse("cases:receipt", args=[cases[0].pk]) in page


def test_the_slip_shows_how_to_look_up_and_no_personal_data(client, personas):
    _response, cases = _register(client, personas)
    page = client.get(reverse("cases:receipt", args=[cases[0].pk])).content.decode()
    for case in cases:  # both requests of the visit, each with its number
        assert case.receipt in page
    assert "北京街工作室" in page and "养老服务" in page and "<svg" in page
    assert "/status/" in page and "后四位" in page
    for private in ("李阿姨", PHONE, PHONE[-4:], ADDRESS, "长者饭堂太远", "陈明"):
        assert private not in page


def test_a_clerk_of_another_town_cannot_open_the_slip(client, personas):
    _response, cases = _register(client, personas)
    client.force_login(personas.hualin_clerk)
    assert client.get(reverse("cases:receipt", args=[cases[0].pk])).status_code == 404
    client.logout()
    response = client.get(reverse("cases:receipt", args=[cases[0].pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
