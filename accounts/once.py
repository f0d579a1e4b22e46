"""Forms submitted once (jobs done once: core.once).

Every creating form carries a hidden token made when it was shown (`OnceForm`); the view
creates through `submit_once`, which writes the token, with who submitted it
(accounts.FormSubmission), in the same transaction as what is created. Submitting the same
form again, however often and however close together, gives back what the first submission
created."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

T = TypeVar("T")

# Shown when the same form comes back: nothing new was registered.
ALREADY_SUBMITTED = _("这张表已经提交过，未重复登记，以下是已登记的内容。")


class AlreadySubmitted(Exception):
    """Raised where a caller must undo its own work (the admin's add view) because this
    form was submitted before; `result` is what the first submission made."""

    def __init__(self, result):
        super().__init__(str(result))
        self.result = result


class OnceForm(forms.Form):
    """Adds the hidden token of this form instance: new each time the form is shown, kept
    when it comes back with errors (the same instance, submitted again)."""

    once = forms.UUIDField(label=_("提交标识"), widget=forms.HiddenInput, initial=uuid.uuid4,
                           required=False)


def submit_once(token: uuid.UUID | None, *, by, create: Callable[[], T],
                result: Callable[[T], object] = lambda made: made) -> tuple[T | object, bool]:
    """Run `create` once per form token: (what it made, True), or, when this token was
    submitted before, (what that submission made, False). `result(made)` is the record to
    remember (the one a second submission is sent to)."""
    from .models import FormSubmission

    if token is None:  # a client that sent no token (an old page): nothing to recognise
        return create(), True
    try:
        with transaction.atomic():
            # Inserted first: a concurrent submission of the same form waits here for this
            # transaction and then finds the token taken.
            submission = FormSubmission.objects.create(token=token, by=by)
            made = create()
            kept = result(made)
            submission.content_type = ContentType.objects.get_for_model(kept)
            submission.object_id = str(kept.pk)
            submission.save(update_fields=["content_type", "object_id"])
            return made, True
    except IntegrityError:
        earlier = FormSubmission.objects.filter(token=token).first()
        if earlier is None:
            raise  # another constraint failed, not this form's second submission
        return earlier.result, False
