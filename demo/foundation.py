"""The foundation's demo steps: people, places, workrooms and one login per role.

Each step is ``load(*, rng, stdout)``; `load_demo` calls them in order inside one
transaction, only on an empty database. Names are drawn from a seeded generator, so
every fresh database gets the same demo.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password

from accounts.choices import Role
from accounts.models import IdentityLink, User
from members.choices import Level, MemberStatus
from members.models import Committee, Constituent, Member, Sector
from regions.models import ConvenerKind, District, DistrictConvener, Town, TownKind
from workrooms.choices import WorkroomKind
from workrooms.models import Workroom

SURNAMES = (
    "陈李黄张梁林刘吴罗何郑杨谢周冯邓曾彭叶徐朱苏许卢蔡钟郭赖潘王胡江廖方邱马范"
    "温汤萧区欧莫麦关袁杜余简谭黎孔骆唐宋韩邹严甘"
)
COMPOUND_SURNAMES = ("欧阳", "司徒", "上官", "诸葛")
GIVEN = (
    "伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚文华建国志海晓红玉兰英鹏辉斌宇浩凯健俊"
    "琳婷雪慧颖嘉欣怡博思佳宏振荣锦韵毅诚立新晨阳光春燕倩萍云峰坤源彬昊睿泽永德耀"
    "家丰伦珊淑智达铭润卓礼钧"
)
WORK_UNITS = (
    "中山大学", "华南理工大学", "暨南大学", "广州大学", "广州医科大学附属第一医院",
    "广州市第一人民医院", "广州市妇女儿童医疗中心", "广州市律师协会", "广州日报社",
    "广州地铁集团有限公司", "广州市城市规划勘测设计研究院", "广州港集团有限公司",
    "广州市第六中学", "广州市执信中学", "广州市青年联合会", "广州市工商业联合会",
    "广州某科技有限公司", "广州某实业集团有限公司", "广州市社会科学院", "广州市社会工作协会",
)
POSTS = (
    "董事长", "总经理", "副院长", "主任医师", "教授", "副教授", "校长", "律师事务所主任",
    "研究员", "总工程师", "副主任", "秘书长", "首席记者", "社会工作师", "会长",
)
COMMUNITIES = ("建设", "光明", "朝阳", "新村", "东风", "解放", "南华", "沿江", "人民", "和平")
ROADS = ("中山路", "解放路", "环市路", "天河路", "江南大道", "广州大道", "人民路", "工业大道")
EXEMPT_SECTORS = ("特邀香港人士", "特邀澳门人士")
# 规范 第五条: individually exempt members are placed in 特别邀请人士 here.
INDIVIDUALLY_EXEMPT_SECTOR = "特别邀请人士"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    display_name: str
    scope: str
    district: str = ""
    town: str = ""
    committee: str = ""


DEMO_DISTRICT, DEMO_TOWN, DEMO_COMMITTEE = "越秀区", "北京街道", "经济委员会"
DEMO_MEMBER_NAME = "陈明远"

# Fixed, documented demo passwords: every one must be changed at first login.
DEMO_LOGINS = (
    DemoLogin(Role.CITY, "city", "Kapok-Demo-2026", "市政协办公厅演示", "全市"),
    DemoLogin(Role.DISTRICT, "yuexiu", "Pearl-Demo-2026", "越秀区政协演示", "越秀区",
              district="越秀区"),
    DemoLogin(Role.DISTRICT, "tianhe", "Canton-Demo-2026", "天河区政协演示", "天河区",
              district="天河区"),
    DemoLogin(Role.TOWN, "beijing_lead", "Orchid-Demo-2026", "北京街负责人", "越秀区北京街道",
              district="越秀区", town="北京街道"),
    DemoLogin(Role.CLERK, "beijing_clerk", "Lychee-Demo-2026", "北京街工作室工作人员",
              "北京街道的工作室", district="越秀区", town="北京街道"),
    DemoLogin(Role.COMMITTEE, "economy", "Banyan-Demo-2026", "经济委员会演示", "经济委员会",
              committee="经济委员会"),
    DemoLogin(Role.MEMBER, "member", "Lotus-Demo-2026", DEMO_MEMBER_NAME,
              f"本人（{DEMO_MEMBER_NAME}，市政协委员）"),
    DemoLogin(Role.USER_ADMIN, "useradmin", "Camellia-Demo-2026", "系统管理员演示", "用户与角色"),
    DemoLogin(Role.AUDITOR, "auditor", "Jasmine-Demo-2026", "安全审计员演示", "审计记录（只读）"),
)


def person_name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
    size = 1 if rng.random() < 0.3 else 2
    return surname + "".join(rng.choice(GIVEN) for _ in range(size))


def mobile(rng: random.Random, used: set[str]) -> str:
    while True:
        number = rng.choice(("135", "136", "137", "138", "139", "188", "189")) + (
            f"{rng.randrange(10**8):08d}"
        )
        if number not in used:
            used.add(number)
            return number


def short_town(town: Town) -> str:
    return town.name.removesuffix("街道").removesuffix("镇") + (
        "街" if town.kind == TownKind.STREET else "镇"
    )


# ---- step: places (规范 第七条) ----------------------------------------------------


def load_places(*, rng: random.Random, stdout) -> None:
    """Two conveners per district and one lead per town/street (规范 第七条)."""
    for district in District.objects.all():
        for kind in ConvenerKind:
            DistrictConvener.objects.get_or_create(
                district=district, kind=kind, defaults={"name": person_name(rng)}
            )
    for town in Town.objects.filter(lead_name=""):
        posts = ("党工委副书记", "党工委委员") if town.kind == TownKind.STREET else (
            "党委副书记", "党委委员")
        town.lead_name, town.lead_post = person_name(rng), rng.choice(posts)
        town.save(update_fields=["lead_name", "lead_post"])
    conveners, leads = DistrictConvener.objects.count(), Town.objects.exclude(lead_name="").count()
    stdout.write(f"  区召集人 {conveners} 名，镇（街）负责人 {leads} 名")


# ---- step: logins ----------------------------------------------------------------


def load_logins(*, rng: random.Random, stdout) -> None:
    """One login per role (DEMO_LOGINS); all must change their password at first login.
    Each is linked to the 粤政易 account of the same id in 粤政易's local stand-in (wecom.mock,
    `make run WECOM_MOCK=1`)."""
    for login in DEMO_LOGINS:
        if User.objects.filter(username=login.username).exists():
            continue
        user = User(
            username=login.username, role=login.role, display_name=login.display_name,
            must_change_password=True, wecom_userid=login.username,
            district=District.objects.filter(name=login.district).first(),
            town=Town.objects.filter(name=login.town).first(),
            committee=Committee.objects.filter(name=login.committee).first(),
        )
        validate_password(login.password, user)
        user.set_password(login.password)
        user.save()
    _link_demo_identities()
    stdout.write(f"  登录账号 {len(DEMO_LOGINS)} 个")


# The local stand-in's test identities (accounts.mock_oidc.IDENTITIES) that sign in to demo
# logins once OIDC_SIGN_IN is on (`make run MOCK_OIDC=1`); its 未绑定 identity stays unlinked.
DEMO_IDENTITIES = {"member": "gd-4401-0001", "city": "gd-4401-0002", "yuexiu": "gd-4401-0003"}


def _link_demo_identities() -> None:
    for username, subject in DEMO_IDENTITIES.items():
        user = User.objects.filter(username=username).first()
        if user is not None and not IdentityLink.objects.filter(user=user).exists():
            IdentityLink.objects.create(user=user, issuer=settings.OIDC_ISSUER, subject=subject)


# ---- step: members ---------------------------------------------------------------

LEVEL_COUNTS = (
    (Level.NATIONAL, 6), (Level.PROVINCIAL, 12), (Level.CITY, 100), (Level.DISTRICT, 174),
)


def load_members(*, rng: random.Random, stdout) -> None:
    """300 members over levels, sectors and committees; a few exempt (规范 第五条)."""
    districts = list(District.objects.all())
    committees = list(Committee.objects.all())
    sectors = list(Sector.objects.exclude(name__in=EXEMPT_SECTORS))
    phones: set[str] = set()
    _demo_member(rng, phones)
    for level, count in LEVEL_COUNTS:
        for index in range(count):
            _member(
                rng, phones, level=level, sector=rng.choice(sectors),
                district=districts[index % len(districts)] if level == Level.DISTRICT
                else rng.choice(districts),
                committee=rng.choice(committees) if level == Level.CITY else None,
            )
    _exempt_members(rng, phones, districts, committees)
    for member in rng.sample(list(Member.objects.exclude(name=DEMO_MEMBER_NAME)), 3):
        member.status = MemberStatus.LEFT
        member.save(update_fields=["status"])
    stdout.write(f"  委员 {Member.objects.count()} 名")


def _member(rng: random.Random, phones: set[str], **fields) -> Member:
    level = fields["level"]
    standing_rate = 0.15 if level in (Level.CITY, Level.NATIONAL, Level.PROVINCIAL) else 0.06
    member = Member(
        name=person_name(rng), phone=mobile(rng, phones),
        work_unit=rng.choice(WORK_UNITS), post=rng.choice(POSTS),
        is_standing=rng.random() < standing_rate,
        term=14 if level != Level.DISTRICT else 17,
        **fields,
    )
    member.email = f"m{member.phone[-6:]}@example.cn"
    member.full_clean()
    member.save()
    return member


def _demo_member(rng: random.Random, phones: set[str]) -> None:
    """The member behind the `member` login: a city member of 经济委员会 in 越秀区."""
    member = _member(
        rng, phones, level=Level.CITY, district=District.objects.get(name=DEMO_DISTRICT),
        sector=Sector.objects.get(name="经济界"),
        committee=Committee.objects.get(name=DEMO_COMMITTEE),
    )
    member.name = DEMO_MEMBER_NAME
    member.user = User.objects.filter(username="member").first()
    member.save(update_fields=["name", "user"])


def _exempt_members(rng, phones, districts, committees) -> None:
    """规范 第五条: 港澳界别委员 (by sector) and 中联办住港澳委员 (individually)."""
    for index in range(5):
        _member(
            rng, phones, level=Level.CITY, district=rng.choice(districts),
            sector=Sector.objects.get(name=EXEMPT_SECTORS[index // 4]),
            committee=Committee.objects.filter(name="港澳台侨务外事委员会").first()
            or rng.choice(committees),
        )
    for _ in range(2):
        _member(
            rng, phones, level=Level.CITY, district=rng.choice(districts),
            sector=Sector.objects.get(name=INDIVIDUALLY_EXEMPT_SECTOR),
            committee=rng.choice(committees), exempt=True, exempt_reason="中联办住港澳委员",
        )


# ---- step: workrooms (规范 第六条, 规范 第七条) -------------------------------------------------

ROOM_PLAN = (
    # (town slot, kind, name pattern, shared with deputies)
    (0, WorkroomKind.FIXED, "{town}“两代表一委员”工作室", True),
    (1, WorkroomKind.FIXED, "{town}政协委员工作室", True),
    (2, WorkroomKind.MOBILE, "{town}流动工作室", False),
    (0, WorkroomKind.ONLINE, "{district}网上委员工作室", False),
    (1, WorkroomKind.MEMBER, "{member}委员工作室", False),
)


def load_workrooms(*, rng: random.Random, stdout) -> None:
    """Five workrooms in every district, every kind; 2–6 members each; some with a clerk."""
    clerk_serial = iter(range(1, 1000))
    for district in District.objects.all():
        towns = _demo_towns(rng, district)
        pool = list(Member.objects.active().filter(district=district).exclude(exempt=True).exclude(
            sector__exempt_from_community_duty=True
        ))
        for slot, kind, pattern, shared in ROOM_PLAN:
            serving = rng.sample(pool, 2 if kind == WorkroomKind.MEMBER else rng.randint(2, 6))
            town = towns[slot]
            room = Workroom.objects.create(
                name=pattern.format(town=short_town(town), district=district.name,
                                    member=serving[0].name),
                kind=kind, shared_with_deputies=shared, town=town,
                community=f"{rng.choice(COMMUNITIES)}社区",
                address=f"广州市{district.name}{rng.choice(ROADS)}{rng.randint(1, 300)}号",
                monthly_receptions=rng.random() < 0.3,
                clerk=_clerk_for(rng, town, clerk_serial),
            )
            room.members.set(serving)
    _seat_demo_member()
    stdout.write(f"  工作室 {Workroom.objects.count()} 个")


def _demo_towns(rng: random.Random, district: District) -> list[Town]:
    towns = list(district.towns.all())
    picked = rng.sample(towns, 3)
    if district.name == DEMO_DISTRICT:
        beijing = district.towns.get(name=DEMO_TOWN)
        picked = [beijing] + [town for town in picked if town != beijing][:2]
    return picked


def _clerk_for(rng: random.Random, town: Town, serial) -> User | None:
    """北京街道's rooms get the demo clerk; about half the others a clerk without a password."""
    if town.name == DEMO_TOWN:
        return User.objects.filter(username="beijing_clerk").first()
    if rng.random() < 0.5:
        return None
    user, created = User.objects.get_or_create(
        username=f"clerk{next(serial):03d}",
        defaults={"role": Role.CLERK, "display_name": person_name(rng), "town": town,
                  "district": town.district, "must_change_password": True},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _seat_demo_member() -> None:
    member = Member.objects.get(name=DEMO_MEMBER_NAME)
    room = Workroom.objects.filter(town__name=DEMO_TOWN, kind=WorkroomKind.FIXED).first()
    room.members.add(member)


# ---- step: constituents (举措 三（三）) -------------------------------------------------


def load_constituents(*, rng: random.Random, stdout) -> None:
    """3–5 paired constituents for the demo member and for 80 others (举措 三（三）)."""
    phones = set(Member.objects.values_list("phone", flat=True))
    members = [Member.objects.get(name=DEMO_MEMBER_NAME)] + rng.sample(
        list(Member.objects.owing_community_duty().exclude(name=DEMO_MEMBER_NAME)), 80
    )
    rows = [
        Constituent(
            member=member, name=person_name(rng), phone=mobile(rng, phones),
            work_unit=rng.choice(WORK_UNITS),
            paired_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(400)),
        )
        for member in members
        for _ in range(rng.randint(3, 5))
    ]
    for row in rows:
        row.save()
    stdout.write(f"  结对界别群众 {len(rows)} 名")
