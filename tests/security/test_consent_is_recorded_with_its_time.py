"""The clerk's form asks whether the visitor agrees to be contacted, and the
answer is stored with when it was given (个人信息保护法 第十四条: consent, informed)."""

from django.urls import reverse

from cases.models import Visitor

from ..cases.conftest import held_activity
from ..cases.test_clerk_screens import _visitor_post


def test_the_form_asks_for_consent(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    body = client.get(reverse("cases:visitor_add", args=[activity.pk])).content.decode()
    assert 'name="visitor-consent_to_contact"' in body and "同意接收办理结果通知" in body


def test_consent_is_stored_with_its_time_and_refusal_without(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    url = reverse("cases:visitor_add", args=[activity.pk])
    client.post(url, _visitor_post(personas, **{"cases-1-content": "希望增设助餐点"}))
    agreed = Visitor.objects.get()
    assert agreed.consent_to_contact and agreed.consent_recorded_at is not None
    data = _visitor_post(personas, **{"visitor-name": "钱先生", "cases-1-content": "另一件事"})
    del data["visitor-consent_to_contact"]
    client.post(url, data)
    declined = Visitor.objects.exclude(pk=agreed.pk).get()
    assert not declined.consent_to_contact and declined.consent_recorded_at is None
