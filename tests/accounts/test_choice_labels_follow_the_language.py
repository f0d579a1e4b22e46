"""`get_FOO_display` (accounts/display.py) keeps one dict of a field's choices instead of
translating all of them on every call; it shows the same label as Django's own for every
choice, keeps labels lazy (translated when shown), and shows an unknown value as it is."""

from django.db.models import Model
from django.utils.functional import Promise

from cases.models import Case
from members.models import Member
from scoring.models import DutyRecord


def test_every_choice_shows_djangos_label_and_unknown_values_show_as_they_are():
    for model, name in ((Case, "state"), (Case, "route"), (Member, "level"),
                        (DutyRecord, "kind")):
        field = model._meta.get_field(name)
        for value, _label in field.flatchoices:
            row = model(**{name: value})
            assert getattr(row, f"get_{name}_display")() == Model._get_FIELD_display(row, field)
        row = model(**{name: "no-such-value"})
        assert getattr(row, f"get_{name}_display")() == "no-such-value"


def test_the_kept_labels_are_still_lazy_translations():
    field = Case._meta.get_field("state")
    Case(state="closed").get_state_display()
    kept = field.__dict__["_quick_choice_labels"]
    assert all(isinstance(label, Promise) for label in kept.values())
