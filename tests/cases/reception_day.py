"""What the reception-day tests post: the visitor form as the page shows it, with its token."""

import re

from django.urls import reverse

from cases.models import Topic


def visitor_form_url(activity) -> str:
    return reverse("cases:visitor_add", args=[activity.pk])


def visitor_post(client, activity, *rows: dict, name: str = "李阿姨") -> dict:
    """The visitor form filled in: one matter per row (topic 养老服务 unless a row says
    otherwise), with the token of a form just shown to `client`."""
    shown = client.get(visitor_form_url(activity)).content.decode()
    token = re.search(r'name="visitor-once" value="([0-9a-f-]{36})"', shown).group(1)
    data = {
        "visitor-once": token, "visitor-name": name, "visitor-phone": "13900001111",
        "cases-TOTAL_FORMS": str(len(rows)), "cases-INITIAL_FORMS": "0",
        "cases-MIN_NUM_FORMS": "1", "cases-MAX_NUM_FORMS": "20",
    }
    topic = Topic.objects.get(name="养老服务").pk
    for index, row in enumerate(rows):
        typed = {"topic": topic, "town": activity.workroom.town_id, "content": "长者饭堂太远",
                 "handling": "", **row}
        data.update({f"cases-{index}-{key}": value for key, value in typed.items()})
    return data
