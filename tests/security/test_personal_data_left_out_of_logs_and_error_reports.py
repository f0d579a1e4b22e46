"""Phone numbers stay out of log files, and the public's personal data and
the keys stay out of the error reports e-mailed to administrators."""

import logging

from django.core import mail
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from privacy.logfilters import ScrubPersonalData, scrub

PHONES = ["13812345678", "138 1234 5678", "+86 138-1234-5678", "１３８１２３４５６７８",
          "020-83123456"]


def test_every_way_a_phone_number_is_written_is_scrubbed():
    for phone in PHONES:
        assert scrub(f"来访群众电话{phone}，请回电") == "来访群众电话[电话已隐藏]，请回电"
    assert scrub("诉求 #12345 于 2026-03-16 登记") == "诉求 #12345 于 2026-03-16 登记"


def _handlers_with_the_filter():
    loggers = [logging.getLogger(), logging.getLogger("django")]
    return [h for lg in loggers for h in lg.handlers
            if any(isinstance(f, ScrubPersonalData) for f in h.filters)]


def test_the_log_handlers_scrub_messages_arguments_and_tracebacks():
    handlers = _handlers_with_the_filter()
    assert {type(h).__name__ for h in handlers} >= {"StreamHandler", "AdminEmailHandler"}
    console = next(h for h in handlers if type(h).__name__ == "StreamHandler")
    try:
        raise ValueError("电话号码格式不正确：“13812345678”")
    except ValueError:
        import sys

        record = logging.getLogger("cases").makeRecord(
            "cases", logging.ERROR, __file__, 1, "短信发往 %s 失败", ("13912345678",),
            sys.exc_info(),
        )
    assert console.filter(record)
    text = console.format(record)
    assert "13912345678" not in text and "13812345678" not in text
    assert "短信发往 [电话已隐藏] 失败" in text and "ValueError" in text


def boom(request):
    phone = request.POST.get("visitor-phone")  # noqa: F841 - a local the report would show
    address = "越秀区北京路123号5楼"  # noqa: F841
    raise RuntimeError(f"处理 {request.GET.get('q')} 时出错")


urlpatterns = [path("boom/", csrf_exempt(boom))]


def test_an_error_report_holds_no_phone_address_or_key(client, settings):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("管理员", "admin@example.cn")]
    settings.FIELD_ENCRYPTION_KEY = ["xbU0Cb4qU8J4y1m9G0yJx0mX3pB8q0vYh6c1mQ2dZ5E="]
    client.raise_request_exception = False
    response = client.post("/boom/?q=13700001111", {
        "visitor-name": "王小明", "visitor-phone": "13812345678",
        "visitor-address": "越秀区北京路123号5楼", "cases-0-content": "我家住在北京路",
    })
    assert response.status_code == 500
    assert len(mail.outbox) == 1
    report = mail.outbox[0].subject + mail.outbox[0].body
    for secret in ["13812345678", "13700001111", "王小明", "北京路123号",
                   "xbU0Cb4qU8J4y1m9G0yJx0mX3pB8q0vYh6c1mQ2dZ5E=", settings.FIELD_HASH_KEY]:
        assert secret not in report, secret
    assert "RuntimeError" in report and "FIELD_ENCRYPTION_KEY" in report


def test_the_visitor_service_hides_its_arguments_from_error_reports(personas, monkeypatch):
    import sys

    import pytest
    from django.views.debug import get_exception_reporter_class

    from cases.models import Visitor
    from cases.services import visitor_register

    from ..cases.conftest import held_activity

    activity = held_activity(personas.beijing_room, personas.beijing_clerk, [personas.member])
    monkeypatch.setattr(Visitor, "full_clean", lambda self: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        try:
            visitor_register(activity=activity, by=personas.beijing_clerk, cases=[{}],
                             visitor={"name": "王小明", "address": "越秀区北京路123号5楼"})
        except ZeroDivisionError:
            report = get_exception_reporter_class(None)(None, *sys.exc_info())
            text = report.get_traceback_text()
            raise
    assert "visitor_register" in text
    assert "王小明" not in text and "北京路123号" not in text
