"""规范 第三条: districts organise, towns/streets carry out. The real NBS 2023 divisions are
loaded."""

import pytest
from django.core.exceptions import ValidationError

from regions.models import District, DistrictConvener, Town


@pytest.mark.django_db
def test_guangzhou_has_11_districts_and_176_towns_and_streets():
    assert District.objects.count() == 11
    assert Town.objects.count() == 176
    assert Town.objects.filter(kind="街道").count() == 142
    assert Town.objects.filter(kind="镇").count() == 34


@pytest.mark.django_db
def test_streets_carry_their_12_digit_statistical_codes():
    street = Town.objects.get(name="北京街道")
    assert street.district.name == "越秀区"
    assert street.code.startswith(street.district.code) and len(street.code) == 12


@pytest.mark.django_db
def test_a_district_has_at_most_one_convener_of_each_kind():
    """规范 第七条: two conveners, the district CPPCC chair and the United Front head."""
    yuexiu = District.objects.get(name="越秀区")
    DistrictConvener.objects.create(district=yuexiu, kind="chair", name="甲")
    DistrictConvener.objects.create(district=yuexiu, kind="united_front", name="乙")
    third = DistrictConvener(district=yuexiu, kind="chair", name="丙")
    with pytest.raises(ValidationError, match="两名召集人"):
        third.full_clean()
