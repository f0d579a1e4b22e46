"""`get_FOO_display` that reads one label, not all of them.

Django's own builds a dict of the field's choices on every call and hashes each label to do
so; our labels are lazy translations, so one call translates every choice of the field, a
visible share of a ledger page's time (bench/README.md). Here the
field's choices are kept in a dict once (the labels stay lazy, so each is still translated
into the language of the request when shown) and a call translates only its own label.
"""

from __future__ import annotations

from django.utils.encoding import force_str


class QuickChoiceDisplay:
    """Mix into a model before `models.Model`: its `get_FOO_display` methods use this."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            label = _labels(field).get(value, value)
        except TypeError:  # an unhashable value: Django's own way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


def _labels(field) -> dict:
    labels = field.__dict__.get("_quick_choice_labels")
    if labels is None:
        labels = dict(field.flatchoices)
        field.__dict__["_quick_choice_labels"] = labels
    return labels
