"""A department is shown with where it is (越秀区 + 交通运输局), but a name that says it
already (越秀区交通运输局) is not prefixed a second time (“越秀区越秀区交通运输局”)."""

import pytest

from cases.choices import DepartmentKind
from cases.models import Department

from ..factories import district, town

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["交通运输局", "越秀区交通运输局"])
def test_a_district_department_is_named_with_its_district_once(name):
    department = Department(kind=DepartmentKind.DISTRICT_DEPARTMENT, district=district("越秀区"),
                            name=name)
    assert str(department) == "越秀区交通运输局"


@pytest.mark.parametrize("name", ["综治办", "北京街道综治办"])
def test_a_town_office_is_named_with_its_town_once(name):
    department = Department(kind=DepartmentKind.TOWN_OFFICE, district=district("越秀区"),
                            town=town("北京街道"), name=name)
    assert str(department) == "北京街道综治办"
