"""The visitor form sent twice (Back then save, a double tap) registers and settles its
matters once: one case, one answer step, one message of the outcome (规范 第十三条（一）)."""

from django.urls import reverse

from cases.choices import Action
from cases.models import Case, CaseStep, Visitor
from notices.models import Message

from .conftest import held_activity
from .reception_day import visitor_form_url, visitor_post


def test_a_matter_answered_on_the_visitor_form_twice_is_answered_once(client, personas):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    typed = visitor_post(client, activity, {"handling": Action.ANSWER, "answer": "已答复。"},
                         {"handling": Action.REFUSE, "procedure": "litigation",
                          "referred_body": "越秀区人民法院"})

    client.post(visitor_form_url(activity), typed)
    again = client.post(visitor_form_url(activity), typed, follow=True)

    assert Visitor.objects.count() == 1 and Case.objects.count() == 2
    assert CaseStep.objects.filter(action=Action.ANSWER).count() == 1
    assert CaseStep.objects.filter(action=Action.REFUSE).count() == 1
    answered = Case.objects.get(steps__action=Action.ANSWER)
    channels = list(Message.objects.filter(key=f"case:{answered.pk}:outcome",
                                           recipient=personas.member_user)
                    .values_list("channel", flat=True))
    assert channels and len(channels) == len(set(channels))  # once on each channel
    assert again.redirect_chain[-1][0] == reverse("cases:activity", args=[activity.pk])
    assert "已经提交过，未重复登记" in again.content.decode()
