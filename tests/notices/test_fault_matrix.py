"""Workers die; messages still go once (STYLE.md, Celery: a message leaves only after the
transaction that caused it commits, from its own task, claimed so that it goes once).

Real workers (`celery worker --pool=prefork -c 1`, three of them, tests/notices/fault_rig.py)
run against Redis and this run's database. The test stops a worker at each step of the
reception notice job (规范 第九条) and of the sends that routing a case queues (规范 第十三条),
and kills it there with SIGKILL: the pool child alone, or the whole worker. Then it lets the
broker redeliver, runs the minute's sweep as of an hour later, and counts what the stub SMS
gateway and mail server received, per message id, and the rows in the database.

The expected end state, for every fault: each SMS and e-mail delivered exactly once and
已发送; except where the worker died inside the gateway call (from its claim to recording
the answer), where that one message is 待核实 and was delivered at most once, never resent.
Also: a rollback after notify leaves no message and sends nothing; two workers given one
message send it once; a gateway that holds a case's SMS does not hold the case.

Redis: CELERY_FAULT_TEST_REDIS_URL (default database 12, emptied at the start). Without
Redis the tests skip with the reason, except in CI (env CI set), where they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from functools import partial

import pytest
from celery import Celery
from django.db import transaction
from django.utils import timezone

from cases.choices import Action, SettingKey
from cases.models import Case, RoutingSetting, Visitor
from cases.services import case_route
from config.celery import app
from notices.choices import Channel, DeliveryStatus
from notices.models import Message
from notices.services import messages_sweep
from receptions.models import Notice, Reception
from receptions.tasks import publish_notice
from tests.cases.conftest import held_activity, new_case
from tests.test_celery_worker import database_url, skip_or_fail

from .fault_rig import Fleet, Gateways, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("CELERY_FAULT_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
# Seconds (production: 35 minutes). A task here that runs longer (a PDF on a busy machine)
# is handed to a second worker while the first still runs it: the claims make that harmless.
VISIBILITY_TIMEOUT = 2
OUTGOING = [Channel.EMAIL, Channel.SMS]
S = DeliveryStatus


@pytest.fixture(scope="module")
def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis 不可用（{REDIS_URL}：{exc}）：故障矩阵需要真实的 Redis。")
    client.flushdb()  # this module's own database
    yield client
    client.close()


@pytest.fixture(scope="module")
def gateways():
    stubs = Gateways()
    yield stubs
    stubs.close()


@pytest.fixture(scope="module")
def fleet(redis_client, gateways, django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        db_url = database_url()
    if db_url is None:
        skip_or_fail("测试数据库在内存中，worker 进程无法共享（见 config/settings/test.py）。")
    workers = Fleet(tmp=tmp_path_factory.mktemp("faults"), env={
        "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": db_url,
        "CELERY_BROKER_URL": REDIS_URL, "TEST_QUEUE": f"faults-{uuid.uuid4().hex[:8]}",
        "TEST_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "TEST_SMTP_PORT": str(gateways.smtp_port),
        "SMS_BACKEND": "notices.sms.HttpGatewayBackend", "SMS_GATEWAY_URL": gateways.sms_url,
        "SMS_GATEWAY_TOKEN": "t0ken",
    })
    for _ in range(3):  # a whole worker killed leaves two while its replacement starts
        workers.start()
    yield workers
    workers.stop()


@pytest.fixture(scope="module")
def client_app(fleet):
    """A Celery app of this process that queues to the fleet's Redis queue."""
    client = Celery("cppcc-fault-client", broker=REDIS_URL, set_as_current=False)
    client.conf.update(task_always_eager=False, task_default_queue=fleet.env["TEST_QUEUE"],
                       task_serializer="json", accept_content=["json"])
    yield client
    client.close()


@pytest.fixture(autouse=True)
def through_redis(client_app, fleet, settings, gateways):
    """The product's tasks queued in this process (on commit, by the sweep) go through Redis
    to the fleet: they resolve to the current Celery app. Were this process ever to send, it
    would reach the same stub gateways."""
    client_app.set_current()
    settings.SMS_BACKEND = "notices.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN = gateways.sms_url, "t0ken"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", gateways.smtp_port
    yield
    app.set_current()
    fleet.disarm()
    gateways.release.set()


# ------------------------------------------------------------------------------ the jobs


@pytest.fixture
def reachable(personas):
    """The clerk of 北京街工作室 has an e-mail address; the member 陈明 an e-mail address, a
    phone number and a login (so also an inbox)."""
    type(personas.beijing_clerk).objects.filter(pk=personas.beijing_clerk.pk).update(
        email="clerk@example.cn")
    type(personas.member).objects.filter(pk=personas.member.pk).update(email="chen@example.cn")
    personas.member.refresh_from_db()
    return personas


def a_reception(personas, number: int) -> Reception:
    """A reception whose notice tells the clerk (inbox, e-mail) and the member on duty
    (inbox, e-mail, SMS): five messages, three of them outgoing."""
    day = dt.date(2026, 11, 16) + dt.timedelta(days=number)
    reception = Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=day, date=day, place="北京街党群服务中心二楼",
    )
    reception.members.add(personas.member)
    return reception


def a_case(activity, personas) -> Case:
    """A case raised by a visitor who agreed to be contacted (registering it sends them its
    receipt by SMS): closing it tells the member (inbox, e-mail, SMS) and the visitor (SMS),
    three outgoing messages of the outcome, and asks the visitor for the callback (SMS)."""
    visitor = Visitor.objects.create(activity=activity, name="王小明", phone="13812345678",
                                     consent_to_contact=True)
    return new_case(activity, personas.beijing_clerk, visitor=visitor)


@pytest.fixture
def reception_day(reachable):
    """A held reception of 北京街工作室 with the member present, where cases are raised (so
    many that they would count as 集中反映 and send messages of their own: not here)."""
    RoutingSetting.objects.update_or_create(key=SettingKey.CLUSTER_THRESHOLD_TOWN,
                                            defaults={"value": 1000})
    RoutingSetting.objects.update_or_create(key=SettingKey.CLUSTER_THRESHOLD_DISTRICT,
                                            defaults={"value": 1000})
    return held_activity(reachable.beijing_room, reachable.beijing_clerk, [reachable.member])


def close(case: Case, personas) -> None:
    case_route(case=case, action=Action.ANSWER, by=personas.beijing_clerk,
               answer="路灯已报修，三日内修复。")


def closing_messages(case: Case):
    """What closing the case sends: the outcome (3) and the callback's question (1). The
    worker killed inside a gateway call may be sending any of them."""
    return Message.objects.filter(key__in=[f"case:{case.pk}:outcome", f"case:{case.pk}:callback:0"],
                                  channel__in=OUTGOING)


# ------------------------------------------------------------------------ faults and ends


def queued(fleet: Fleet, redis_client) -> int:
    return sum(redis_client.llen(key) for key in redis_client.keys(fleet.env["TEST_QUEUE"] + "*")
               if redis_client.type(key) == b"list")


def quiet(fleet: Fleet, redis_client) -> None:
    """Nothing queued and nothing unacknowledged, twice in a row: every task has finished."""

    def idle() -> bool:
        return queued(fleet, redis_client) == 0 and redis_client.hlen("unacked") == 0

    def idle_twice() -> bool:
        if not idle():
            return False
        time.sleep(0.3)
        return idle()

    wait_for(idle_twice, "队列中的任务全部完成", fleet)


def settle(fleet: Fleet, redis_client) -> None:
    """Let the broker redeliver and the fleet finish, then sweep as beat would later."""
    quiet(fleet, redis_client)
    messages_sweep(now=timezone.now() + dt.timedelta(hours=1))
    quiet(fleet, redis_client)


def kill_at(fleet: Fleet, gateways: Gateways, redis_client, point: str, whole: bool,
            trigger) -> str:
    """Start the job with `point` armed, kill the worker that stops there; returns the id of
    the message held at the gateway, for the points inside the gateway call."""
    fleet.ready(2 if whole else 1)  # another worker takes over the task of a dead one
    quiet(fleet, redis_client)  # only this job's tasks from here on
    held = ""
    if point.startswith("inside-"):
        gateways.hold_next(point.removeprefix("inside-"))
        trigger()
        wait_for(lambda: gateways.held.is_set(), "网关收到并扣住请求", fleet)
        held = gateways.held_id
        pid = wait_for(lambda: fleet.claimer(held), "领取这条消息的进程", fleet)
    else:
        fleet.arm(point)
        trigger()
        pid = fleet.paused_at(point)
    fleet.disarm()
    fleet.kill(pid, whole)
    gateways.release.set()
    return held


def assert_each_delivered_once(messages, gateways: Gateways, step: str, *,
                               in_call: int | None = None, held: str = "") -> None:
    """Each delivered once and 已发送; with `in_call` (the deliveries expected of it), the one
    message whose worker died inside the gateway call is 待核实 instead, never resent."""
    found = {m.pk: (m.status, gateways.count(m.channel, m.pk)) for m in messages}
    checking = [pk for pk, (status, _n) in found.items() if status == S.CHECKING]
    if in_call is None:
        assert checking == [], (step, found)
    else:
        assert len(checking) == 1, (step, found)
        assert found.pop(checking[0]) == (S.CHECKING, in_call), step
        assert not held or str(checking[0]) == held, step
    assert set(found.values()) == {(S.SENT, 1)}, (step, found)


KILLS = {"pool-child": False, "whole-worker": True}
NOTICE_STEPS = [
    "receptions.tasks.publish_notice:start",  # received, nothing done
    "sms-written",  # inside the job's transaction: the notice and all its messages written
    "publish:notices.tasks.send_message",  # committed; the sends not yet queued
    "receptions.tasks.publish_notice:end",  # done, not yet acknowledged
]
SEND_STEPS = {  # step of a send: the deliveries of a message whose worker died there
    "notices.tasks.send_message:start": None,  # received, not yet claimed: sent once
    "claimed": 0,  # claimed, the gateway not yet called: 待核实
    "inside-sms": 1,  # the SMS gateway has the request, no answer yet: 待核实
    "inside-email": 1,  # the mail server has the message, no answer yet: 待核实
    "answered": 1,  # the gateway accepted it, not yet recorded: 待核实
    "notices.tasks.send_message:end": None,  # recorded 已发送, not yet acknowledged
}


@pytest.mark.parametrize("kill", KILLS)
def test_a_worker_killed_at_any_step_of_the_notice_job_sends_each_message_once(
    fleet, gateways, redis_client, reachable, kill
):
    for number, step in enumerate(NOTICE_STEPS):
        reception = a_reception(reachable, number)

        kill_at(fleet, gateways, redis_client, step, KILLS[kill],
                partial(publish_notice.delay, reception.pk))
        settle(fleet, redis_client)

        [notice] = Notice.objects.filter(reception=reception)
        messages = Message.objects.filter(key__startswith=f"reception-notice:{notice.pk}:")
        assert messages.filter(channel=Channel.INBOX).count() == 2, step
        assert messages.filter(channel__in=OUTGOING).count() == 3, step
        assert_each_delivered_once(messages.filter(channel__in=OUTGOING), gateways, step)


@pytest.mark.parametrize("kill", KILLS)
def test_a_worker_killed_while_sending_what_closing_a_case_caused_sends_once_or_flags_it(
    fleet, gateways, redis_client, reachable, reception_day, kill
):
    for step, in_call in SEND_STEPS.items():
        case = a_case(reception_day, reachable)

        held = kill_at(fleet, gateways, redis_client, step, KILLS[kill],
                       partial(close, case, reachable))
        settle(fleet, redis_client)

        assert closing_messages(case).count() == 4, step
        assert_each_delivered_once(closing_messages(case), gateways, step, in_call=in_call,
                                   held=held)


def test_a_rollback_after_notify_leaves_no_message_and_sends_nothing(
    fleet, gateways, redis_client, reachable, reception_day
):
    case = a_case(reception_day, reachable)
    fleet.ready(1)
    quiet(fleet, redis_client)  # the visitor's receipt SMS, sent when the case was registered
    before = sum(gateways.deliveries.values())

    with pytest.raises(RuntimeError), transaction.atomic():
        close(case, reachable)
        raise RuntimeError("a later step of the same request failed")
    quiet(fleet, redis_client)

    assert not Message.objects.filter(key=f"case:{case.pk}:outcome").exists()
    assert sum(gateways.deliveries.values()) == before
    assert Case.objects.get(pk=case.pk).closed_at is None


def test_two_workers_given_one_message_send_it_once(
    fleet, gateways, redis_client, reachable, reception_day
):
    from notices.tasks import send_message

    case = a_case(reception_day, reachable)
    fleet.ready(2)
    gateways.hold_next("email")
    close(case, reachable)  # queues each message's send once
    [email] = Message.objects.filter(key=f"case:{case.pk}:outcome", channel=Channel.EMAIL)
    wait_for(lambda: gateways.held.is_set(), "第一个 worker 在网关中", fleet)

    send_message.delay(email.pk)  # the same message, to the other worker, meanwhile
    wait_for(lambda: queued(fleet, redis_client) == 0 and redis_client.hlen("unacked") == 1
             and Message.objects.filter(key=email.key, channel=Channel.SMS,
                                        status=S.SENT).count() == 2,
             "其他 worker 处理完其余任务", fleet)
    gateways.release.set()
    quiet(fleet, redis_client)

    email.refresh_from_db()
    assert (email.status, gateways.count(Channel.EMAIL, email.pk)) == (S.SENT, 1)


def test_a_gateway_that_holds_an_sms_does_not_hold_the_case(
    fleet, gateways, redis_client, reachable, reception_day
):
    case = a_case(reception_day, reachable)
    fleet.ready(1)
    gateways.hold_next("sms")

    started = time.monotonic()
    close(case, reachable)
    assert time.monotonic() - started < 5, "the request waited for the SMS gateway"
    wait_for(lambda: gateways.held.is_set(), "网关扣住短信", fleet)
    with transaction.atomic():  # the clerk's next write to the case does not wait
        Case.objects.select_for_update(nowait=True).get(pk=case.pk)
        Case.objects.filter(pk=case.pk).update(feedback_note="已电话回访")
    gateways.release.set()
    quiet(fleet, redis_client)
