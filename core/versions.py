"""A save made over a newer version is refused, naming who made that version.

Records that several people edit (cases, duty records, reports, receptions) keep their
history with django-simple-history; its newest entry is the version an edit form was shown
with. The form sends that version back, and the save is refused when another has been
recorded since (optimistic locking: nothing is locked while someone reads or types)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "_seen_version"


def has_versions(obj) -> bool:
    return obj is not None and obj.pk is not None and hasattr(type(obj), "history")


def newest(obj):
    return type(obj).history.filter(**{type(obj)._meta.pk.attname: obj.pk}).order_by(
        "-history_id"
    ).select_related("history_user").first()


def version_of(obj) -> str:
    entry = newest(obj)
    return str(entry.history_id) if entry else ""


def refuse_if_changed(obj, seen: str | None) -> None:
    """`seen` is the version the form was shown with (None: a form that sends none)."""
    if seen is None:
        return
    entry = newest(obj)
    if entry is not None and str(entry.history_id) != seen:
        raise ValidationError(
            _("未保存：%(who)s已于%(when)s修改了这条记录。请刷新页面，在最新内容上重新修改。"),
            code="stale_version",
            params={
                "who": entry.history_user or _("系统"),
                "when": timezone.localtime(entry.history_date).strftime("%Y-%m-%d %H:%M"),
            },
        )
