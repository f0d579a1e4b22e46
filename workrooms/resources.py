"""工作室名册: import and export of workrooms.

Natural key: 所在镇（街）+ 名称 (the model's unique constraint). 所在区 is exported for the
reader and, on import, checked against the town. Members serving there are written as
“姓名” or, where two members share a name, “姓名（手机号码）”, separated by 、 or ；.
Workrooms are few (hundreds), so rows are saved one by one through `workroom_save`, each
with its history and its members; names are still looked up once per import.
"""

from __future__ import annotations

import re
from collections import defaultdict

from import_export import widgets

from accounts.models import User
from members.models import Member
from members.resources import (
    LabelChoiceWidget,
    NameWidget,
    RosterResource,
    YesNoWidget,
    _field,
    cell_text,
)
from members.validators import normalize_phone
from regions.models import Town

from .choices import WorkroomKind
from .models import Workroom
from .services import workroom_save

SEPARATORS = re.compile(r"[、,，;；\n]+")
NAME_AND_PHONE = re.compile(r"^(?P<name>[^（(]+)[（(](?P<phone>[^）)]+)[）)]$")


class TownWidget(NameWidget):
    """A town or street by name; the row's 所在区, when given, must be the town's district."""

    def __init__(self, **kwargs):
        super().__init__(Town, "镇（街）", **kwargs)

    def get_queryset(self):
        return Town.objects.select_related("district")

    def lookup(self):
        if self._by_name is None:
            self._by_name = defaultdict(list)
            for town in self.get_queryset():
                self._by_name[town.name].append(town)
        return self._by_name

    def clean(self, value, row=None, **kwargs):
        text, district = cell_text(value), cell_text((row or {}).get("所在区"))
        if not text:
            return None
        towns = self.lookup().get(text, [])
        if district:
            towns = [town for town in towns if town.district.name == district]
            if not towns and self.lookup().get(text):
                raise ValueError(f"“{text}”不在{district}。")
        if not towns:
            raise ValueError(f"未知的镇（街）“{text}”。")
        if len(towns) > 1:
            raise ValueError(f"有多个镇（街）叫“{text}”，请填写所在区。")
        return towns[0]


class ClerkWidget(NameWidget):
    """The clerk's login name, among the logins the importer may assign (规范 第七条); the
    model says whether that login may be this workroom's clerk (`Workroom.clerk_problem`)."""

    def __init__(self, **kwargs):
        super().__init__(User, "工作人员用户名", field="username", **kwargs)
        self.user = None

    def get_queryset(self):
        if self.user is None:
            return User.objects.filter(is_active=True)
        return User.objects.assignable_by(self.user)


class MemberListWidget(widgets.ManyToManyWidget):
    """“陈明、李华（13900000000）” ⇄ the members serving at a workroom, from one query."""

    def __init__(self, **kwargs):
        super().__init__(Member, field="name", **kwargs)
        self.user = None
        self._by_name = None
        self._shared_names = None

    def get_queryset(self):
        queryset = Member.objects.all()
        return queryset if self.user is None else queryset.for_user(self.user)

    def lookup(self):
        if self._by_name is None:
            self._by_name = defaultdict(list)
            for member in self.get_queryset().only("pk", "name", "phone"):
                self._by_name[member.name].append(member)
        return self._by_name

    def clean(self, value, row=None, **kwargs):
        return [self.one(entry.strip()) for entry in SEPARATORS.split(cell_text(value))
                if entry.strip()]

    def one(self, entry: str) -> Member:
        match = NAME_AND_PHONE.match(entry)
        name = match["name"].strip() if match else entry
        found = self.lookup().get(name, [])
        if match:
            phone = normalize_phone(match["phone"])
            found = [member for member in found if member.phone == phone]
        if not found:
            raise ValueError(f"找不到委员“{entry}”（须是您管辖范围内名册中的委员）。")
        if len(found) > 1:
            raise ValueError(f"有多名委员叫“{name}”，请写成“{name}（手机号码）”。")
        return found[0]

    def shared_names(self) -> set[str]:
        if self._shared_names is None:
            seen, shared = set(), set()
            for name in Member.objects.values_list("name", flat=True):
                (shared if name in seen else seen).add(name)
            self._shared_names = shared
        return self._shared_names

    def render(self, value, obj=None, **kwargs):
        members = list(value.all()) if value is not None else []
        return "、".join(
            f"{m.name}（{m.phone}）" if m.name in self.shared_names() and m.phone else m.name
            for m in members
        )


class WorkroomResource(RosterResource):
    """工作室名册. Natural key: 所在镇（街）+ 名称; a row whose key exists updates it."""

    roster = "workrooms"
    key_label = "工作室（所在镇（街）+名称）"
    natural_key_fields = ("town", "name")
    required_columns = ("名称", "所在镇（街）")
    example_row = (
        "北京街委员工作室", "固定工作室", "越秀区", "北京街道", "某某社区", "广州市越秀区某某路1号",
        "", "张三（13800138000）", "是", "否", "是",
    )

    name = _field("name", "名称")
    kind = _field("kind", "类型", LabelChoiceWidget(WorkroomKind), default=WorkroomKind.FIXED)
    district = _field(None, "所在区", readonly=True)
    town = _field("town", "所在镇（街）", TownWidget())
    community = _field("community", "所在社区（村）")
    address = _field("address", "地址")
    clerk = _field("clerk", "工作人员用户名", ClerkWidget())
    members = _field("members", "驻室委员", MemberListWidget())
    shared_with_deputies = _field("shared_with_deputies", "两代表一委员共用", YesNoWidget(),
                                  default=True)
    monthly_receptions = _field("monthly_receptions", "每月接待", YesNoWidget(), default=False)
    active = _field("active", "启用", YesNoWidget(), default=True)

    class Meta:
        model = Workroom
        name = "工作室名册"
        fields = (
            "name", "kind", "district", "town", "community", "address", "clerk", "members",
            "shared_with_deputies", "monthly_receptions", "active",
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["clerk"].widget.user = self.user
        self.fields["members"].widget.user = self.user

    def get_queryset(self):
        return (super().get_queryset().select_related("town__district", "clerk")
                .prefetch_related("members"))

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("town__district", "clerk").prefetch_related("members")

    def dehydrate_district(self, workroom):
        return workroom.town.district.name

    def write_row(self, row):
        """Through the service, so that a change of clerk or town is in the audit trail (the
        import's transaction keeps the events only if every row is saved)."""
        workroom_save(workroom=row.instance, by=self.user, force_insert=row.new)
        if "members" in row.related:
            row.instance.members.set(row.related["members"])

    def row_errors(self, workroom):
        own = self.district_only()
        if own is not None and workroom.town_id and workroom.town.district_id != own.pk:
            return {"town": f"您只能导入本区（{own.name}）的工作室。"}
        return {}
