"""Lists and exports show a choice through `label` (core/display.py), which looks up the
one label it shows: the same label `get_FOO_display` shows on a single object's page, for
every choice; a value outside the choices shows as it is."""

from cases.models import Activity, Case
from core.display import label
from members.models import Member
from receptions.models import Reception
from scoring.models import DutyRecord

# An activity's form is a row of a table staff edit (scoring.ActivityForm), no longer a
# choice: `label` shows its name (tests/scoring/test_activity_forms_are_a_table_...).
LISTED = ((Case, "state"), (Case, "route"), (Activity, "status"), (Member, "level"),
          (DutyRecord, "kind"), (Reception, "status"))


def test_every_choice_shows_the_same_label_in_a_list_as_on_its_own_page():
    for model, name in LISTED:
        for value, _label in model._meta.get_field(name).flatchoices:
            row = model(**{name: value})
            assert label(row, name) == getattr(row, f"get_{name}_display")(), (model, value)


def test_a_value_outside_the_choices_shows_as_it_is():
    for model, name in LISTED:
        assert label(model(**{name: "no-such-value"}), name) == "no-such-value"
    assert label(Case(route=""), "route") == ""  # not routed yet: the page says 待分办
