"""The generator's first half: logins, workrooms, members and what hangs off members.

The map (11 districts, 176 towns/streets, sectors, committees, topics, district
departments, rules) is what the migrations loaded; this adds town offices, logins for
every role, 600 workrooms, members of all four levels with their workrooms, constituents
and calendar feeds. Rows are built in Python from one seeded generator and written with
COPY (bench.db); ids are assigned here so later tables can point at them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from . import names
from .db import copy_rows, m2m_rows

TZ = ZoneInfo("Asia/Shanghai")
BENCH_PASSWORD = "Bench-Passw0rd!2026"
WORKROOMS = 600
MEMBERS_PER_SCALE = 4_000
LEVEL_WEIGHTS = {"national": 2, "provincial": 5, "city": 20, "district": 73}
TOWN_OFFICES = ("党政综合办公室", "公共服务办公室", "城市管理办公室", "平安建设办公室")


@dataclass
class World:
    """What the history half needs to know about the places and people made here."""

    today: dt.date
    districts: list = field(default_factory=list)
    towns_by_district: dict = field(default_factory=lambda: defaultdict(list))
    users: dict = field(default_factory=dict)  # (role, key) -> user id
    workrooms: list = field(default_factory=list)  # dicts: id, town, district, clerk, ...
    room_members: dict = field(default_factory=lambda: defaultdict(list))
    members: list = field(default_factory=list)  # dicts: id, level, standing, active, user
    member_user: dict = field(default_factory=dict)
    offices: dict = field(default_factory=lambda: defaultdict(list))  # town id -> dept ids
    district_departments: dict = field(default_factory=lambda: defaultdict(list))
    petition_office: dict = field(default_factory=dict)
    topics: list = field(default_factory=list)
    password: str = ""


class Ids:
    """Next id per model, from what the migrations left in the table."""

    def __init__(self):
        self.next: dict = {}

    def take(self, model, count: int) -> range:
        if model not in self.next:
            from django.db.models import Max

            self.next[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        start = self.next[model]
        self.next[model] += count
        return range(start, start + count)


def build_world(*, rng: random.Random, scale: int, today: dt.date, ids: Ids) -> World:
    world = World(today=today)
    _load_map(world)
    _town_offices(world, ids)
    _staff(world, ids)
    _workrooms(world, rng, ids)
    _members(world, rng, ids, MEMBERS_PER_SCALE * scale)
    _serve(world, rng)
    _constituents(world, rng, ids)
    _feeds(world, rng)
    _otp_devices(world, rng)
    return world


def _load_map(world: World) -> None:
    from cases.choices import DepartmentKind
    from cases.models import Department, Topic
    from regions.models import District, Town

    world.districts = list(District.objects.order_by("code").values("id", "code", "name"))
    for town in Town.objects.order_by("code").values("id", "code", "name", "district_id"):
        world.towns_by_district[town["district_id"]].append(town)
    world.topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
    for dept in Department.objects.filter(town=None).order_by("pk").values("id", "kind",
                                                                          "district_id"):
        if dept["kind"] == DepartmentKind.PETITION_OFFICE:
            world.petition_office[dept["district_id"]] = dept["id"]
        else:
            world.district_departments[dept["district_id"]].append(dept["id"])


def _town_offices(world: World, ids: Ids) -> None:
    from cases.choices import DepartmentKind
    from cases.models import Department

    rows = []
    for district in world.districts:
        for town in world.towns_by_district[district["id"]]:
            for name in TOWN_OFFICES:
                pk = ids.take(Department, 1)[0]
                world.offices[town["id"]].append(pk)
                rows.append((pk, DepartmentKind.TOWN_OFFICE.value, district["id"], town["id"],
                             name, "020-8" + str(pk).zfill(7)[-7:], True))
    copy_rows(Department, ["id", "kind", "district", "town", "name", "contact", "active"], rows)


# --- logins ------------------------------------------------------------------------------

USER_FIELDS = ["id", "password", "username", "role", "district", "town", "committee",
               "display_name", "is_staff", "is_active", "date_joined"]


def password_hash() -> str:
    from django.contrib.auth.hashers import make_password

    return make_password(BENCH_PASSWORD, salt="benchsalt2026")


def _staff(world: World, ids: Ids) -> None:
    from accounts.models import User
    from members.models import Committee

    rows = []

    def add(role, key, username, display, district=None, town=None, committee=None):
        pk = ids.take(User, 1)[0]
        world.users[(role, key)] = pk
        rows.append((pk, world.password, username, role, district, town, committee, display,
                     True, True, STAMP))

    world.password = password_hash()
    add("city", "", "bench_city", "市政协办公厅（基准）")
    for d in world.districts:
        add("district", d["id"], f"district_{d['code']}", f"{d['name']}政协", district=d["id"])
        for t in world.towns_by_district[d["id"]]:
            add("town", t["id"], f"town_{t['code']}", f"{t['name']}负责人", d["id"], t["id"])
    for pk, name in Committee.objects.order_by("pk").values_list("pk", "name"):
        add("committee", pk, f"committee_{pk}", name, committee=pk)
    copy_rows(User, USER_FIELDS, rows)


STAMP = dt.datetime(2023, 12, 1, 9, 0, tzinfo=TZ)


# --- workrooms ---------------------------------------------------------------------------


def _workrooms(world: World, rng: random.Random, ids: Ids) -> None:
    from accounts.models import User
    from workrooms.models import Workroom

    towns = [t for d in world.districts for t in world.towns_by_district[d["id"]]]
    per_town = [WORKROOMS // len(towns)] * len(towns)
    for i in rng.sample(range(len(towns)), WORKROOMS % len(towns)):
        per_town[i] += 1
    district_name = {d["id"]: d["name"] for d in world.districts}
    rooms, clerks = [], []
    for town, count in zip(towns, per_town, strict=True):
        for community in rng.sample(names.COMMUNITIES, count):
            room_id, clerk_id = ids.take(Workroom, 1)[0], ids.take(User, 1)[0]
            kind = rng.choices(["fixed", "mobile", "online", "member"], [85, 6, 4, 5])[0]
            room = {
                "id": room_id, "town": town["id"], "district": town["district_id"],
                "clerk": clerk_id, "name": f"{town['name']}{community}社区委员工作室",
                "community": f"{community}社区", "kind": kind,
                "address": f"广州市{district_name[town['district_id']]}{town['name']}"
                           f"{rng.choice(names.ROADS)}{rng.randint(1, 300)}号",
                "monthly": rng.random() < 0.10, "active": rng.random() < 0.97,
                "weight": rng.uniform(0.5, 1.5),
            }
            rooms.append(room)
            clerks.append((clerk_id, world.password, f"clerk_{room_id:04d}", "clerk",
                           town["district_id"], town["id"], None, f"{room['name']}工作人员",
                           True, True, STAMP))
    copy_rows(User, USER_FIELDS, clerks)
    copy_rows(Workroom, ["id", "name", "kind", "shared_with_deputies", "town", "community",
                         "address", "clerk", "monthly_receptions", "active"],
              [(r["id"], r["name"], r["kind"], r["kind"] == "fixed", r["town"], r["community"],
                r["address"], r["clerk"], r["monthly"], r["active"]) for r in rooms])
    world.workrooms = rooms


# --- members -----------------------------------------------------------------------------


def _members(world: World, rng: random.Random, ids: Ids, count: int) -> None:
    from accounts.models import User
    from members.models import Committee, Member, Sector

    sectors = list(Sector.objects.order_by("pk").values("id", "name",
                                                         "exempt_from_community_duty"))
    sector_weights = [0.3 if s["exempt_from_community_duty"] else 3 for s in sectors]
    special = next((s["id"] for s in sectors if s["name"] == "特别邀请人士"), sectors[-1]["id"])
    committees = list(Committee.objects.order_by("pk").values_list("pk", flat=True))
    district_weights = [len(world.towns_by_district[d["id"]]) for d in world.districts]
    levels, level_weights = zip(*LEVEL_WEIGHTS.items(), strict=True)
    member_ids, user_ids = ids.take(Member, count), ids.take(User, count)
    members, users = [], []
    for n, (pk, user_id) in enumerate(zip(member_ids, user_ids, strict=True)):
        level = rng.choices(levels, level_weights)[0]
        district = rng.choices(world.districts, district_weights)[0]["id"]
        sector = rng.choices(sectors, sector_weights)[0]
        exempt = rng.random() < 0.005
        member = {
            "id": pk, "level": level, "district": district, "user": user_id,
            "standing": rng.random() < (0.12 if level == "city" else 0.04),
            "active": rng.random() >= 0.03, "name": names.person_name(rng),
            "sector": special if exempt else sector["id"],
            "exempt": exempt or sector["exempt_from_community_duty"],
            "committee": rng.choice(committees) if level == "city" else None,
        }
        members.append(member)
        world.member_user[pk] = user_id
        users.append((user_id, world.password, f"member_{pk:06d}", "member", None, None, None,
                      member["name"], False, True, STAMP))
        member["row"] = (
            pk, member["name"], level, district, member["sector"], member["committee"],
            member["standing"], 14, rng.choice(names.WORK_UNITS), rng.choice(names.POSTS),
            names.phone(n), "active" if member["active"] else "left", exempt,
            "中联办住港澳委员" if exempt else "", user_id,
        )
    copy_rows(User, USER_FIELDS, users)
    copy_rows(Member, ["id", "name", "level", "district", "sector", "committee", "is_standing",
                       "term", "work_unit", "post", "phone", "status", "exempt",
                       "exempt_reason", "user"], (m.pop("row") for m in members))
    world.members = members


def _serve(world: World, rng: random.Random) -> None:
    """Each active member serves at a workroom of their district; one in ten at two."""
    from workrooms.models import Workroom

    rooms_by_district = defaultdict(list)
    for room in world.workrooms:
        if room["active"]:
            rooms_by_district[room["district"]].append(room["id"])
    by_district = defaultdict(list)
    for member in world.members:
        if member["active"]:
            by_district[member["district"]].append(member["id"])
    pairs = []
    for district_id, member_ids in by_district.items():
        rooms = rooms_by_district[district_id]
        rng.shuffle(member_ids)
        for i, member_id in enumerate(member_ids):
            chosen = {rooms[i % len(rooms)]}
            if rng.random() < 0.10:
                chosen.add(rng.choice(rooms))
            for room_id in sorted(chosen):
                world.room_members[room_id].append(member_id)
                pairs.append((room_id, member_id))
    m2m_rows(Workroom, "members", pairs)


def _constituents(world: World, rng: random.Random, ids: Ids) -> None:
    """举措 三（三）: most members pair with 3 to 5 people of their sector."""
    from members.models import Constituent

    rows = []
    for member in world.members:
        if not member["active"] or rng.random() < 0.2:
            continue
        for _ in range(rng.randint(3, 5)):
            paired = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
            rows.append((ids.take(Constituent, 1)[0], member["id"], names.person_name(rng),
                         rng.choice(names.WORK_UNITS), paired))
    copy_rows(Constituent, ["id", "member", "name", "work_unit", "paired_on"], rows)


def _feeds(world: World, rng: random.Random) -> None:
    from receptions.models import MemberCalendarFeed

    serving = sorted({m for ms in world.room_members.values() for m in ms})
    copy_rows(MemberCalendarFeed, ["member", "token"],
              ((pk, f"{rng.getrandbits(128):032x}") for pk in serving))


def _otp_devices(world: World, rng: random.Random) -> None:
    """Staff of the city and the districts must use TOTP: each has a device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    staff = [pk for (role, _key), pk in world.users.items() if role in {"city", "district"}]
    copy_rows(TOTPDevice, ["user", "name", "confirmed", "key", "created_at"],
              ((pk, "手机动态口令", True, f"{rng.getrandbits(160):040x}", STAMP)
               for pk in sorted(staff)))
