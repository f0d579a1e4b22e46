"""A choice's label, for lists and exports: `label(case, "state")`, in templates
`{{ case|label:"state" }}` (`{% load labels %}`).

Django's `get_FOO_display` hashes every (value, label) pair of the field on each call, and
hashing a lazy label translates it: a call translates every label of the field to show one,
which a list of hundreds of rows pays for. `label` looks the value up in a plain dict of the
field's choices, as the admin's own lists do, and translates only the label it shows.
A single object's page uses `get_FOO_display`.
"""

from __future__ import annotations

from functools import cache

from django.utils.encoding import force_str


def label(obj, name: str) -> str:
    """The label of `obj`'s value of the choice field `name` (an unknown value as it is).
    A foreign key that stands for a choice staff edit (an activity form) shows its row:
    select it with the list (`select_related`)."""
    field = obj._meta.get_field(name)
    if field.many_to_one:
        return str(getattr(obj, name) or "")
    value = getattr(obj, field.attname)
    return force_str(_labels(field).get(value, value), strings_only=True)


@cache
def _labels(field) -> dict:
    """A model field's choices, value to (lazy) label: made once per field, not per row."""
    return dict(field.flatchoices)
