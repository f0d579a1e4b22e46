"""The pages of failed logins, locks and the login log (django-axes) name each record by
who and when, in Chinese, not by django-axes' English ("Access Log for chen @ …",
"Attempted Access: …"), and call themselves 登录锁定, 登录日志, 登录失败日志."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENGLISH = ("Access Log", "Attempted Access", "Failed access", "Axes")


def page(client, name, pk):
    response = client.get(reverse(name, args=[pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response.content.decode()


def test_the_user_administrator_reads_a_lock_in_chinese(client, personas):
    lock = AccessAttempt.objects.create(username="chen", ip_address="10.0.0.1", user_agent="x",
                                        http_accept="x", path_info="/login/", get_data="",
                                        post_data="", failures_since_start=5)
    client.force_login(personas.useradmin)
    for name in ("admin:axes_accessattempt_change", "admin:axes_accessattempt_delete"):
        text = page(client, name, lock.pk)
        assert "chen 20" in text and "登录锁定" in text
        assert not [word for word in ENGLISH if word in text]


def test_the_auditor_reads_the_login_logs_in_chinese(client, personas):
    log = AccessLog.objects.create(username="chen", ip_address="10.0.0.1", user_agent="x",
                                   http_accept="x", path_info="/login/")
    failure = AccessFailureLog.objects.create(username="chen", ip_address="10.0.0.1",
                                              user_agent="x", http_accept="x",
                                              path_info="/login/")
    client.force_login(personas.auditor)
    for name, pk in [("admin:axes_accesslog_change", log.pk),
                     ("admin:axes_accesslog_history", log.pk),
                     ("admin:axes_accessfailurelog_change", failure.pk)]:
        text = page(client, name, pk)
        assert "chen 20" in text
        assert not [word for word in ENGLISH if word in text]
