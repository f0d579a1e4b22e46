"""Uploaded files, served by one view at ``/media/<name>`` in development and production.

Each app registers its upload folders with the model and field that store their files
(`upload_register`, in its AppConfig.ready), and the public pages say which files anyone
may read (`upload_publish`):

- rows the public pages already show (规范 第八条: photos of the members serving at a
  workroom; 规范 第九条: reception notices) are served to anyone, cached;
- every other file only to a logged-in user whose ``for_user`` scope holds the row that
  stores it, each download written to the audit trail.

Anything else is 404, like every scoped view: the answer says nothing about whether the
file exists. A file is found by an exact match of its stored name in the database, never
by joining the address to MEDIA_ROOT, so ``..`` and other tricks find nothing. Files go
out with a content type from an allow-list by extension (never guessed), images inline
and the rest as attachments, under a sandboxing Content-Security-Policy and ``nosniff``,
so an uploaded SVG or HTML file can never run script in the site's origin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from audit.choices import EventKind
from audit.services import audit_record


@dataclass(frozen=True)
class Upload:
    model: type[models.Model]
    field: str
    public: Callable[[], models.QuerySet] | None = None  # the rows anyone may read


# Upload prefix (the field's upload_to) -> where its files are stored and who reads them.
# tests/media/test_every_upload_field_is_registered.py fails on a file field missing here.
UPLOADS: dict[str, Upload] = {}


def upload_register(prefix: str, model: type[models.Model], field: str) -> None:
    """Files under `prefix` are stored by `model.field`: served by scope."""
    UPLOADS[prefix] = Upload(model, field)


def upload_publish(prefix: str, rows: Callable[[], models.QuerySet]) -> None:
    """Files under `prefix` whose row is among `rows()` are served to anyone too."""
    UPLOADS[prefix] = replace(UPLOADS[prefix], public=rows)


# What the validators let in (members/validators.py, scoring/validators.py) and what the
# reports write. Anything else goes out as an opaque download.
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
INLINE = {"image/jpeg", "image/png", "image/webp"}
FILE_CSP = "default-src 'none'; img-src 'self'; sandbox"
PUBLIC_MAX_AGE = 300  # as the public pages (public.views.public_cache)


@require_safe
def serve(request, name: str):
    upload = upload_for(name)
    if upload is None:
        raise Http404
    match = {upload.field: name}
    if upload.public:
        row = upload.public().filter(**match).only("pk", upload.field).first()
        if row is not None:
            return _file_response(getattr(row, upload.field), public=True)
    model = upload.model
    row = model.objects.for_user(request.user).filter(**match).first()
    if row is None:
        raise Http404
    response = _file_response(getattr(row, upload.field), public=False)
    audit_record(kind=EventKind.DOWNLOAD, request=request, obj=row, detail={
        "name": str(model._meta.get_field(upload.field).verbose_name), "field": upload.field,
    })
    return response


def upload_for(name: str) -> Upload | None:
    """The registered upload a stored name belongs to; None for anything odd."""
    parts = name.split("/")
    if "\\" in name or "\x00" in name or any(part in {"", ".", ".."} for part in parts):
        return None
    return next((u for prefix, u in UPLOADS.items() if name.startswith(prefix)), None)


def _file_response(file, *, public: bool):
    name = file.name
    content_type = CONTENT_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")
    accel = getattr(settings, "MEDIA_X_ACCEL_REDIRECT", "")
    if accel:  # nginx sends the file from its internal location (docs/access-and-audit.md)
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name, safe="/")
    else:
        try:
            response = FileResponse(file.open("rb"), content_type=content_type)
        except FileNotFoundError as exc:
            raise Http404 from exc
    response["Content-Disposition"] = content_disposition_header(
        content_type not in INLINE, PurePosixPath(name).name
    )
    response["Content-Security-Policy"] = FILE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:  # scoped files may show personal data: no copy kept anywhere
        add_never_cache_headers(response)
    return response


# The extension a stored file gets for the type its content was found to be; what is
# served is typed by extension (CONTENT_TYPES), so the two must agree.
SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "PDF": ".pdf", "DOCX": ".docx",
            "XLSX": ".xlsx"}


def name_as(file, kind: str) -> None:
    """Name an accepted upload with the extension of the type its content was found to be
    (a JPEG sent as photo.png is stored as photo.jpg). The validators of every upload field
    call it once they know the type (members.validators, scoring.validators); a file
    already stored keeps its name."""
    if getattr(file, "_committed", False):
        return  # renaming a stored file's row would lose the file
    path = PurePosixPath(file.name or "upload")
    if path.suffix != SUFFIXES[kind]:
        file.name = str(path.with_suffix(SUFFIXES[kind]))
