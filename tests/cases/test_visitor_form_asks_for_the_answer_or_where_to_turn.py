"""Settling a matter on the visitor form asks for what the route page asks for: the answer
given (规范 第十三条（一）), or the procedure and the body the person was told of
(规范 第十一条). Without it the form comes back in Chinese, with all typed kept, and
nothing is registered."""

from cases.choices import Action, RefusalProcedure
from cases.models import Case, Visitor

from .conftest import held_activity
from .reception_day import visitor_form_url, visitor_post


def _post(client, personas, row: dict):
    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    client.force_login(personas.beijing_clerk)
    data = visitor_post(client, activity, {"content": "想问问长者饭堂的事", **row})
    return client.post(visitor_form_url(activity), data)


def test_answered_on_the_spot_needs_the_answer(client, personas):
    response = _post(client, personas, {"handling": Action.ANSWER, "answer": "  "})
    assert response.status_code == 200
    assert response.context["formset"][0].errors["answer"] == ["选择当场答复的，请填写答复的内容。"]
    assert "想问问长者饭堂的事" in response.content.decode()
    assert not Visitor.objects.exists() and not Case.objects.exists()


def test_a_refusal_needs_the_procedure_and_the_body(client, personas):
    response = _post(client, personas, {"handling": Action.REFUSE})
    errors = response.context["formset"][0].errors
    assert errors["procedure"] == ["选择不予受理的，请选择应通过的法定程序。"]
    assert errors["referred_body"] == ["选择不予受理的，请填写告知群众反映的机关或部门。"]
    assert not Visitor.objects.exists() and not Case.objects.exists()


def test_a_refusal_with_the_body_but_no_procedure_is_refused(client, personas):
    response = _post(client, personas, {
        "handling": Action.REFUSE, "referred_body": "越秀区人民法院",
    })
    assert list(response.context["formset"][0].errors) == ["procedure"]
    assert not Case.objects.exists()


def test_an_overlong_answer_is_refused(client, personas):
    response = _post(client, personas, {"handling": Action.ANSWER, "answer": "答" * 2001})
    assert "answer" in response.context["formset"][0].errors
    assert not Case.objects.exists()


def test_texts_of_the_way_not_chosen_are_not_kept(client, personas):
    _post(client, personas, {
        "handling": Action.ANSWER, "answer": "已当场解释政策。",
        "procedure": RefusalProcedure.LITIGATION, "referred_body": "越秀区人民法院",
    })
    case = Case.objects.get()
    assert (case.referred_procedure, case.referred_body) == ("", "")
    assert case.outcome == "已当场解释政策。"
