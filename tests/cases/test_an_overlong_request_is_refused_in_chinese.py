"""A visitor's request is at most 2,000 characters: a 50,000-character one posted to the
clerk's form (a browser's maxlength is no guard against a crafted post) is refused with
a Chinese message next to the field, and nothing is registered."""

from django.urls import reverse

from cases.models import Case, Visitor

from .conftest import held_activity
from .test_clerk_screens import _visitor_post


def test_a_request_of_50000_characters_is_refused_and_nothing_is_registered(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    data = _visitor_post(personas, **{"cases-0-content": "路灯不亮" * 12_500})
    response = client.post(reverse("cases:visitor_add", args=[activity.pk]), data)
    assert response.status_code == 200
    assert not Case.objects.exists() and not Visitor.objects.exists()
    errors = response.context["formset"].forms[0].errors["content"]
    assert errors == ["确保该变量包含不超过 2000 字符 (目前字符数 50000)。"]  # Django's zh-hans
    assert "确保该变量包含不超过 2000 字符" in response.content.decode()


def test_the_request_field_tells_the_browser_its_limit(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    page = client.get(reverse("cases:visitor_add", args=[activity.pk])).content.decode()
    assert 'name="cases-0-content"' in page and 'maxlength="2000"' in page
