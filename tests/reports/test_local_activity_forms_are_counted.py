"""规范 第十条: the yearly figures count activities by form, the forms being the table staff
edit: the seeded ones (群众评议 included) and a district's own local forms."""

import datetime as dt

from reports.figures import figures_by_district, report_figures
from scoring.models import ActivityForm

from ..factories import district
from .conftest import held

DAY = dt.date(2026, 6, 10)


def _forms(figures) -> dict[str, tuple[str, int]]:
    return {row["key"]: (row["label"], row["count"]) for row in figures["activities"]["forms"]}


def test_a_local_form_and_a_public_appraisal_are_counted(personas):
    local = ActivityForm.objects.create(name="社区议事厅", district=district("越秀区"))
    room, clerk, member = personas.beijing_room, personas.beijing_clerk, personas.member
    held(room, clerk, [member], DAY, local.code)
    held(room, clerk, [member], DAY, "public_appraisal")

    forms = _forms(report_figures(district=district("越秀区"), year=2026))

    assert forms[local.code] == ("社区议事厅", 1)
    assert forms["public_appraisal"] == ("群众评议", 1)
    assert forms["reception_day"] == ("委员接待日", 0)


def test_another_districts_report_does_not_list_the_local_form(personas):
    ActivityForm.objects.create(name="社区议事厅", district=district("越秀区"))

    forms = _forms(report_figures(district=district("荔湾区"), year=2026))

    assert "社区议事厅" not in {label for label, _ in forms.values()}


def test_every_district_of_the_city_report_has_the_same_columns(personas):
    ActivityForm.objects.create(name="社区议事厅", district=district("越秀区"))

    columns = {tuple(_forms(f)) for f in figures_by_district(year=2026).values()}

    assert len(columns) == 1
