from django.http import HttpResponseBadRequest
from django.utils.translation import gettext_lazy as _

NUL = "\x00"


class RefuseNulMiddleware:
    """A NUL character anywhere in the address, a query, a form field or a cookie is
    answered 400 before any view runs.

    PostgreSQL text cannot hold NUL: psycopg raises DataError wherever such a value reaches
    a query (a search box, an admin filter, a session cookie), a 500 that SQLite never
    shows. Nobody types one; refusing it here covers every page, present and future.
    Uploaded files are not form fields and are not looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return HttpResponseBadRequest(
                _("请求中含有空字符（NUL），无法处理。请检查输入的内容后重试。"),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _has_nul(request) -> bool:
    if NUL in request.path_info:
        return True
    fields = [*request.GET.lists(), *request.POST.lists()]
    cookies = [(name, [value]) for name, value in request.COOKIES.items()]
    return any(NUL in name or any(NUL in value for value in values)
               for name, values in fields + cookies)
