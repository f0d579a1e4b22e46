from django.utils.cache import add_never_cache_headers


class PrivatePagesNotStoredMiddleware:
    """Every page and file a logged-in user is sent may hold personal data unmasked (a
    visitor's phone and address to their handler, the ledger, exports, scoped uploads,
    members' phones): browsers and proxies must not keep a copy, so it goes out with
    ``Cache-Control: no-store`` (Django's `never_cache` headers). A response marked public
    on purpose (the public pages and files of 规范 第八条) keeps its own header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _public(response):
            add_never_cache_headers(response)
        return response


def _public(response) -> bool:
    directives = response.get("Cache-Control", "").split(",")
    return any(part.strip().lower() == "public" for part in directives)
