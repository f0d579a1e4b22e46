"""A visitor saved with no request at all is refused with the clerk's words (“请至少填写一项
诉求。”), not Django's “请至少提交 1 个表单。”."""

from django.urls import reverse

from cases.models import Visitor

from .conftest import held_activity
from .test_clerk_screens import _visitor_post


def test_a_visitor_without_a_request_is_asked_for_one(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    data = _visitor_post(personas, **{"cases-0-content": "", "cases-0-topic": "",
                                      "cases-1-topic": ""})  # both rows left as they came
    response = client.post(reverse("cases:visitor_add", args=[activity.pk]), data)
    assert response.status_code == 200 and not Visitor.objects.exists()
    page = response.content.decode()
    assert "请至少填写一项诉求。" in page
    assert "表单" not in page
