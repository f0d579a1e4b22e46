"""规范 第七条 staffing for the report tests: 越秀区 lacks its United Front convener, the lead
of 六榕街道 and the clerks of two workrooms (one has none, one a disabled account); 天河区 is
fully staffed but for the clerk of one workroom."""

from types import SimpleNamespace

from accounts.choices import Role
from regions.models import ConvenerKind, DistrictConvener, Town

from ..factories import UserFactory, WorkroomFactory, district, town


def staff_fully(name: str) -> None:
    place = district(name)
    for kind, label in ConvenerKind.choices:
        DistrictConvener.objects.create(district=place, kind=kind, name=f"{name}{label}")
    Town.objects.filter(district=place).update(lead_name="某负责人", lead_post="党委委员")


def staffing_gaps(personas) -> SimpleNamespace:
    staff_fully("越秀区")
    staff_fully("天河区")
    DistrictConvener.objects.filter(
        district=district("越秀区"), kind=ConvenerKind.UNITED_FRONT).delete()
    Town.objects.filter(name="六榕街道").update(lead_name="", lead_post="")
    beijing = town("北京街道")
    gone = UserFactory(username="gone_clerk", role=Role.CLERK, town=beijing,
                       district=beijing.district, is_active=False)
    return SimpleNamespace(
        no_clerk=WorkroomFactory(name="六榕工作室", town=town("六榕街道")),
        gone_clerk=WorkroomFactory(name="北京街二号工作室", town=beijing, clerk=gone),
        closed=WorkroomFactory(name="停用工作室", town=town("六榕街道"), active=False),
        tianhe=WorkroomFactory(name="石牌工作室", town=town("石牌街道")),
    )
