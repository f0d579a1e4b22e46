"""个人信息保护法 第十九条: visitors' personal data is anonymised once their
cases have been closed longer than the period staff set; the job runs once a day and
records what it did."""

import datetime as dt

from django.db import connection
from django.utils import timezone

from cases.choices import Action, CallbackChannel, Satisfaction, SettingKey, Solved
from cases.models import Callback, Case, RetentionRun, RoutingSetting, Visitor
from cases.retention import months_before, visitors_anonymise_expired
from cases.services import case_route
from cases.tasks import anonymise_expired_visitors
from notices.models import Message, SmsOutbox

TODAY = dt.date(2029, 6, 15)


def closed_months_ago(case, months):
    case_route(case=case, action=Action.ANSWER, by=case.activity.workroom.clerk, answer="已答复")
    when = timezone.make_aware(dt.datetime.combine(months_before(TODAY, months), dt.time(10)))
    Case.objects.filter(pk=case.pk).update(closed_at=when)


def test_a_visitor_whose_cases_closed_more_than_36_months_ago_is_anonymised(visitors):
    closed_months_ago(visitors.case, 37)
    closed_months_ago(visitors.other_case, 35)
    run = visitors_anonymise_expired(today=TODAY)
    # the receipt, the outcome and the callback's question went to the visitor's phone
    assert (run.months, run.visitors_anonymised, run.messages_cleared) == (36, 1, 3)
    gone = Visitor.objects.get(pk=visitors.visitor.pk)
    assert (gone.name, gone.phone, gone.address) == ("已匿名", "", "")
    assert not gone.consent_to_contact and gone.consent_recorded_at is None
    assert gone.anonymised_at is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, address FROM cases_visitor WHERE id = %s", [gone.pk])
        assert cursor.fetchone() == ("", "")
    kept = Visitor.objects.get(pk=visitors.other_visitor.pk)
    assert kept.name == "赵秘密" and kept.phone == "13700007777"
    assert Case.objects.filter(visitor=gone).exists(), "the case itself stays in the ledger"


def test_the_sms_number_sent_to_an_anonymised_visitor_is_cleared(
    visitors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the SMS leave after commit
        closed_months_ago(visitors.case, 40)
    sms = Message.objects.get(key=f"case:{visitors.case.pk}:outcome", channel="sms",
                              recipient=None)
    visitors_anonymise_expired(today=TODAY)
    sms.refresh_from_db()
    assert (sms.address, sms.address_digest) == ("", "")
    assert SmsOutbox.objects.get(message=sms).phone == ""
    member_sms = Message.objects.filter(key=sms.key, channel="sms").exclude(pk=sms.pk).get()
    assert member_sms.address, "the member's own message is not the visitor's data"


def test_every_sms_about_their_cases_and_their_callback_comment_are_cleared(visitors):
    """The receipt, progress, outcome and callback messages and the comment given at the
    callback; the callback's two answers stay (the 三率 count them)."""
    closed_months_ago(visitors.case, 40)
    Callback.objects.create(case=visitors.case, channel=CallbackChannel.PHONE,
                            solved=Solved.SOLVED, satisfaction=Satisfaction.SATISFIED,
                            comment="我是王小明，电话13812345678")
    to_visitor = Message.objects.filter(recipient=None, channel="sms",
                                        key__startswith=f"case:{visitors.case.pk}:")
    assert {m.key.split(":")[2] for m in to_visitor} >= {"receipt", "outcome", "callback"}
    visitors_anonymise_expired(today=TODAY)
    assert set(to_visitor.values_list("address", "address_digest")) == {("", "")}
    answer = Callback.objects.get(case=visitors.case)
    assert (answer.comment, answer.solved, answer.satisfaction) == (
        "", Solved.SOLVED, Satisfaction.SATISFIED)


def test_a_visitor_with_a_case_still_open_is_kept_however_old(visitors):
    Visitor.objects.filter(pk=visitors.visitor.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3650)
    )
    visitors_anonymise_expired(today=TODAY)
    assert Visitor.objects.get(pk=visitors.visitor.pk).name == "王小明"


def test_a_visitor_without_cases_is_anonymised_after_the_period_from_registration(visitors):
    lone = Visitor.objects.create(
        activity=visitors.activity, name="无诉求群众", phone="13600001111"
    )
    Visitor.objects.filter(pk=lone.pk).update(
        created_at=timezone.make_aware(dt.datetime(2026, 1, 5, 10))
    )
    visitors_anonymise_expired(today=TODAY)
    assert Visitor.objects.get(pk=lone.pk).name == "已匿名"


def test_staff_shorten_the_period_in_the_settings_row(visitors):
    row = RoutingSetting.objects.get(key=SettingKey.VISITOR_RETENTION_MONTHS)
    assert (row.value, row.is_local_setting) == (36, True)  # 本地设置
    closed_months_ago(visitors.case, 13)
    row.value = 12
    row.save()
    assert visitors_anonymise_expired(today=TODAY).visitors_anonymised == 1


def test_the_job_runs_once_a_day_whatever_fires_it(visitors):
    closed_months_ago(visitors.case, 37)
    first = visitors_anonymise_expired(today=TODAY)
    assert first is not None and first.finished_at is not None
    assert visitors_anonymise_expired(today=TODAY) is None  # a second beat, a retry
    assert RetentionRun.objects.count() == 1
    assert visitors_anonymise_expired(today=TODAY + dt.timedelta(days=1)).visitors_anonymised == 0


def test_the_celery_task_runs_the_job(visitors):
    assert anonymise_expired_visitors() == 0
    assert RetentionRun.objects.filter(day=timezone.localdate()).exists()


def test_the_runs_are_read_by_the_city_and_the_auditor_only(visitors, client):
    visitors_anonymise_expired(today=TODAY)
    run = RetentionRun.objects.get()
    url = f"/admin/cases/retentionrun/{run.pk}/change/"
    for user, status in [(visitors.p.city, 200), (visitors.p.auditor, 200),
                         (visitors.p.yuexiu_staff, 403), (visitors.p.beijing_clerk, 403)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user.username


def test_months_before_keeps_the_day_within_the_month():
    assert months_before(dt.date(2029, 3, 31), 1) == dt.date(2029, 2, 28)
    assert months_before(dt.date(2029, 6, 15), 36) == dt.date(2026, 6, 15)
