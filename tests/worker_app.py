"""The Celery app as the real-worker tests start it: `celery -A tests.worker_app worker`.

It is config.celery's app, with what a test needs in seconds rather than production's
minutes, from the environment the test gives the worker:

- TEST_VISIBILITY_TIMEOUT: Redis hands a dead worker's task to another after this many
  seconds (production: config/settings/base.py), and looks for such tasks every second;
- TEST_QUEUE: the queue the worker reads and the tasks it queues itself go to;
- TEST_SMTP_PORT: e-mail goes over SMTP to 127.0.0.1 on this port (the test's stub server);
- FAULT_DIR: the pause points of tests/notices/faults.py.

Tasks queued inside the worker go to Redis, not run in-process (config/settings/test.py
runs them in-process for the tests themselves).
"""

import os

from django.conf import settings

from config.celery import app

app.conf.task_always_eager = False
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "visibility_timeout": int(os.environ.get("TEST_VISIBILITY_TIMEOUT", "6")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
if os.environ.get("TEST_QUEUE"):
    app.conf.task_default_queue = os.environ["TEST_QUEUE"]
if os.environ.get("TEST_SMTP_PORT"):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", int(os.environ["TEST_SMTP_PORT"])
if os.environ.get("FAULT_DIR"):
    from tests.notices import faults

    faults.install()
