"""Pause points for the fault matrix (test_fault_matrix.py), installed in a test worker by
tests/worker_app.py when FAULT_DIR is set.

The test arms one point by writing its name to FAULT_DIR/armed. The first process to reach
it writes its pid to FAULT_DIR/<point>.hit and waits there to be killed; later arrivals (the
redelivered task) go on. The process that claims a message notes its pid in
FAULT_DIR/claimed-<message id>, so the test knows whom to kill while a stub gateway holds
that message's request.

Points: `<task name>:start` (received, nothing done), `<task name>:end` (done, not yet
acknowledged), `sms-written` (inside the job's transaction, its SMS row written: the last),
`publish:<task name>` (about to queue that task), `claimed` (a message's claim committed,
the gateway not yet called), `answered` (the gateway answered, the answer not yet recorded).
"""

import os
import time
from pathlib import Path

from celery.signals import before_task_publish, task_postrun, task_prerun, worker_process_init

DIR = Path(os.environ.get("FAULT_DIR", "."))
SENDING = {"message": None}  # the message this pool process is sending


def pause(point: str) -> None:
    try:
        armed = (DIR / "armed").read_text().strip()
    except FileNotFoundError:
        return
    if armed != point:
        return
    try:
        fd = os.open(DIR / f"{point}.hit", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return  # paused here once already: this is the redelivery, it goes on
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    while True:
        time.sleep(1)  # until the test kills this process


def on_prerun(task=None, args=None, **_):
    if task.name == "notices.tasks.send_message" and args:
        SENDING["message"] = args[0]
    pause(f"{task.name}:start")


def on_postrun(task=None, **_):
    pause(f"{task.name}:end")


def on_publish(sender=None, **_):
    pause(f"publish:{sender}")


def on_message_written(instance=None, **_):
    if instance.channel == "sms":  # the last row the job writes: the e-mails are written too
        pause("sms-written")


def around_queries(execute, sql, params, many, context):
    """The claim and the recording of the answer are UPDATEs of the message row: pause just
    after the claim commits (autocommit), or just before the answer is written."""
    if sql.startswith("UPDATE") and "notices_message" in sql and params:
        if "sending" in params and "pending" in params:
            result = execute(sql, params, many, context)
            if context["cursor"].rowcount == 1:
                (DIR / f"claimed-{SENDING['message']}").write_text(str(os.getpid()))
            pause("claimed")
            return result
        if "sent" in params:
            pause("answered")
    return execute(sql, params, many, context)


def in_each_pool_process(**_):
    from django.db import connection

    connection.execute_wrappers.append(around_queries)


def install() -> None:
    from django.db.models.signals import post_save

    task_prerun.connect(on_prerun, weak=False)
    task_postrun.connect(on_postrun, weak=False)
    before_task_publish.connect(on_publish, weak=False)
    post_save.connect(on_message_written, sender="notices.Message", weak=False)
    worker_process_init.connect(in_each_pool_process, weak=False)
