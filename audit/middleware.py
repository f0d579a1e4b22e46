from .choices import EventKind
from .services import audit_record


class AuditRefusalMiddleware:
    """Records every refused request (403: PermissionDenied, CSRF failures, admin refusals).

    Out-of-scope objects answer 404 by design (ids must not leak) and are not told apart
    from mistyped addresses, so only the 403s are recorded.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            audit_record(
                kind=EventKind.PERMISSION_DENIED, request=request,
                detail={"method": request.method},
            )
        return response
