"""The member roster's columns, and what every roster (members, workrooms) shares.

A roster speaks the staff's language: Chinese column headers, places, sectors and
committees by name, choices by their Chinese label, never an id. A member is known by
姓名 + 手机号码 (the model's own unique constraint). The columns are django-import-export
fields: the export is the library's, and the import reads each row with the same columns,
checks it with the model's own full_clean and constraints, and writes every row at once
(members in bulk, with their history rows) only if every row is good.

The workflow (size and type checks, all-or-nothing, the audit record) is
`members.services.roster_import`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from import_export import fields, resources, widgets

from accounts.scoping import sees_everything
from core.bulk import copy_create, copy_rows, values_of
from documents.xlsx import FORMULA_PREFIXES, safe_cell
from regions.models import District

from .choices import Level, MemberStatus
from .models import Committee, Member, Sector
from .signals import terms_changed
from .validators import normalize_phone

TRUE_WORDS = {"是", "Y", "YES", "TRUE", "1", "√"}
FALSE_WORDS = {"否", "N", "NO", "FALSE", "0", "×"}


def cell_text(value) -> str:
    """A cell as stripped text; undoes the apostrophe our exports put before a formula."""
    text = "" if value is None else str(value).strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return text


def header_key(text) -> str:
    """Headers match whatever the width of their brackets and spaces: 所在镇(街) = 所在镇（街）."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def _zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)


class PhoneWidget(widgets.Widget):
    """Full-width digits, spaces and +86 go before the model's validator sees the number."""

    def clean(self, value, row=None, **kwargs):
        return normalize_phone(cell_text(value))


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).upper()
        if not text:
            return None  # the field's default
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise ValueError(f"“{cell_text(value)}”无法识别，请填“是”或“否”。")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class CountWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(f"“{text}”不是正整数。")
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's serial dates (1900 system)


class DateWidget(widgets.Widget):
    """A day as staff type it (2026-06-30, 2026/6/30, 2026.6.30, 2026年6月30日, 20260630) or
    as Excel keeps it (a date, or its serial number when the cell is formatted as a number)."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        text = re.sub(r"[T\s]00:00(:00)?$", "", text)  # a datetime cell at midnight
        if text.isdigit() and 10_000 <= int(text) <= 80_000:  # Excel's serial, 1927–2119
            return EXCEL_EPOCH + dt.timedelta(days=int(text))
        text = unicodedata.normalize("NFKC", text)
        found = DATE_TEXT.match(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
        try:
            if found is None:
                raise ValueError
            return dt.date(*(int(part) for part in found.groups()))
        except ValueError:
            raise ValueError(
                f"“{text}”不是有效的日期，请按“年-月-日”填写，如 2026-06-30。") from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class LabelChoiceWidget(widgets.Widget):
    """A choice by its Chinese label (“市政协委员”), never by its stored code."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self._labels = None

    def labels(self) -> dict[str, str]:
        if self._labels is None:
            self._labels = {_zh(label): value for value, label in self.choices.choices}
        return self._labels

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        labels = self.labels()
        if text not in labels:
            raise ValueError(f"“{text}”不是可选值，应为：{'、'.join(labels)}。")
        return labels[text]

    def render(self, value, obj=None, **kwargs):
        return {code: label for label, code in self.labels().items()}.get(value, value or "")


class NameWidget(widgets.Widget):
    """A related row by its name, from one query per import (not one per row)."""

    def __init__(self, model, noun: str, field: str = "name", **kwargs):
        super().__init__(**kwargs)
        self.model, self.noun, self.field = model, noun, field
        self._by_name = None

    def get_queryset(self):
        return self.model._default_manager.all()

    def lookup(self) -> dict:
        if self._by_name is None:
            self._by_name = {getattr(obj, self.field): obj for obj in self.get_queryset()}
        return self._by_name

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        try:
            return self.lookup()[text]
        except KeyError:
            raise ValueError(f"未知的{self.noun}“{text}”。") from None

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.field, "") if value is not None else ""


@dataclass
class RosterRow:
    """One data row of an import: the instance it creates or updates, or what is wrong."""

    number: int  # as the user sees it in Excel (the header is row 1)
    instance: models.Model | None = None
    new: bool = False
    changed: bool = False
    related: dict = field(default_factory=dict)  # many-to-many values, set once it is saved
    errors: list[str] = field(default_factory=list)  # “列名：原因”, in Chinese


class RosterResource(resources.ModelResource):
    """The columns of a roster, for its export (django-import-export) and its import
    (`members.services.roster_import`: `read_rows`, then `write_rows` if every row is good).

    `user` is who imports or exports (None for a management command run by the system):
    rows are read and matched within `Model.objects.for_user(user)`, and a district's staff
    may only write rows of their own district.
    """

    roster = ""  # members.choices.Roster value
    required_columns: tuple[str, ...] = ()
    example_row: tuple = ()
    guide_notes: tuple[str, ...] = ()  # lines the template's instructions add for this roster
    key_label = ""
    natural_key_fields: tuple[str, ...] = ()  # the fields of the model's unique constraint

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.taken: dict[tuple, int] = {}  # natural key -> pk, every row of the table
        self.existing: dict[tuple, models.Model] = {}  # the file's keys in the user's scope
        self.cells_read: dict[tuple, tuple] = {}  # (column, cell) -> (value, errors)
        self.valid: set[tuple] = set()  # (field, type, value) that passed the field's clean

    @classmethod
    def column_names(cls) -> list[str]:
        return [field.column_name for field in cls().get_import_fields()]

    def get_queryset(self):
        queryset = self._meta.model.objects.all()
        if self.user is not None:
            queryset = queryset.for_user(self.user)
        return queryset

    def district_only(self):
        """The district an importer who does not see the whole city is confined to (a
        district's staff: their own), or None."""
        if self.user is not None and not sees_everything(self.user):
            return self.user.district
        return None

    def export_field(self, field, instance, **kwargs):
        """Formula injection: a cell starting with = + - @ is exported as text."""
        return safe_cell(super().export_field(field, instance, **kwargs))

    # --- import: reading and checking every row --------------------------------------

    def read_rows(self, rows: list[tuple[int, dict]]) -> list[RosterRow]:
        """Each row (its number, its cells by column name) as the instance it creates or
        updates, checked by the model's own full_clean. The file's rows are matched to the
        roster, and places and people found by name, in a few queries, not a few per row."""
        columns = [c for c in self.get_import_fields() if c.attribute and not c.readonly]
        cells_read = [(number, *self.read_cells(columns, cells)) for number, cells in rows]
        self.load_keys({self.key_of(values) for _, values, _ in cells_read} - {None})
        checks, seen, read = CheckConstraints(self._meta.model), {}, []
        for number, values, errors in cells_read:
            key = self.key_of(values)
            if key in seen:
                read.append(RosterRow(number, errors=[
                    f"与第{seen[key]}行重复：同一{self.key_label}在文件中只能出现一次。"]))
                continue
            if key:
                seen[key] = number
            read.append(self.read_row(number, values, errors, checks))
        return read

    def read_cells(self, columns, cells: dict) -> tuple[dict, dict]:
        """The row's values by attribute, for the columns the file has, and the errors of
        the cells that cannot be read. A column's widget reads each different cell once (it
        reads a cell alone): a roster repeats its districts, sectors and choices thousands
        of times."""
        values, errors = {}, {}
        for column in columns:
            name = column.column_name
            if name not in cells:
                continue
            key = (name, cells[name])
            read = self.cells_read.get(key)
            if read is None:
                try:
                    read = (self.read_cell(column, cells), None)
                except ValueError as error:
                    read = (None, [str(error)])
                self.cells_read[key] = read
            if read[1] is None:
                values[column.attribute] = read[0]
            else:
                errors[column.attribute] = list(read[1])
        return values, errors

    def read_cell(self, column, cells: dict):
        if column.column_name in self.required_columns and not cell_text(
                cells[column.column_name]):
            raise ValueError(f"必须填写{column.column_name}。")
        return column.clean(cells)

    def read_row(self, number: int, values: dict, errors: dict, checks) -> RosterRow:
        key = self.key_of(values)
        instance = self.existing.get(key)
        row = RosterRow(number, instance or self._meta.model(), new=instance is None)
        before = None if row.new else self.snapshot(row.instance)
        for name, value in values.items():
            if name in self.many_to_many:
                row.related[name] = value
            else:
                setattr(row.instance, name, value)
        row.changed = row.new or before != self.snapshot(row.instance) or any(
            {obj.pk for obj in getattr(row.instance, name).all()} != {obj.pk for obj in value}
            for name, value in row.related.items())
        errors = self.check(row.instance, errors, checks)
        holder = self.taken.get(key)
        if holder is not None and holder != row.instance.pk:
            errors.setdefault(NON_FIELD_ERRORS, []).append(self.key_taken_message())
        row.errors = self.messages_for(errors)
        return row

    @cached_property
    def not_imported(self) -> set[str]:
        """Fields no column sets: the import leaves them as they are, and like a ModelForm
        does not check them."""
        columns = {column.attribute for column in self.get_import_fields()}
        return {f.name for f in self._meta.model._meta.concrete_fields} - columns

    @cached_property
    def many_to_many(self) -> set[str]:
        return {f.name for f in self._meta.model._meta.many_to_many}

    def check(self, instance, errors: dict, checks: CheckConstraints) -> dict:
        """The import's own rules (`row_errors`), then the model's full_clean and check
        constraints; fields whose cell could not be read are left out, as a ModelForm does.
        A relation that is set was found by name in the database or read from it, so it is
        not looked up again (the natural key's uniqueness: `read_row`, from `taken`)."""
        for name, message in self.row_errors(instance).items():
            errors.setdefault(name, [message])
        found = {f.name for f in instance._meta.concrete_fields
                 if f.is_relation and getattr(instance, f.attname) is not None}
        exclude = set(errors) | found | self.not_imported
        asked = self.settled(instance, exclude)
        try:
            instance.full_clean(exclude=exclude, validate_unique=False,
                                validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        for name, (attname, key) in asked.items():
            if name not in errors and getattr(instance, attname) == key[2]:
                self.valid.add(key)  # good, and cleaning left it as it was
        for message in checks.violated(instance, exclude=set(errors)):
            errors.setdefault(NON_FIELD_ERRORS, []).append(message)
        return errors

    def settled(self, instance, exclude: set[str]) -> dict[str, tuple]:
        """Add to `exclude` the fields whose value an earlier row showed good: a field's own
        validation (Field.clean) depends on its value alone, and a roster repeats its
        values thousands of times. Returns the others' (attname, key of their value)."""
        asked = {}
        for name, attname in self.cleaned_fields:
            if name in exclude:
                continue
            value = getattr(instance, attname)
            key = (name, type(value), value)
            try:
                if key in self.valid:
                    exclude.add(name)
                    continue
            except TypeError:  # a value that cannot be a key is checked every time
                continue
            asked[name] = (attname, key)
        return asked

    @cached_property
    def cleaned_fields(self) -> list[tuple[str, str]]:
        return [(f.name, f.attname) for f in self._meta.model._meta.concrete_fields]

    def row_errors(self, instance) -> dict[str, str]:
        """Rules of the import itself (scope, required keys), beyond the model's own."""
        return {}

    # --- natural keys ------------------------------------------------------------------

    def key_attnames(self) -> list[str]:
        opts = self._meta.model._meta
        return [opts.get_field(name).attname for name in self.natural_key_fields]

    def key_of(self, values: dict) -> tuple | None:
        """A row's natural key from its values (None when a part is missing or unreadable)."""
        key = tuple(getattr(values.get(name), "pk", values.get(name))
                    for name in self.natural_key_fields)
        return key if all(key) else None

    def existing_key(self, obj) -> tuple:
        return tuple(getattr(obj, attname) for attname in self.key_attnames())

    def load_keys(self, keys: set[tuple]) -> None:
        """Who holds each key of the table (`taken`: the model's unique constraint reserves
        it), and the rows of the file's keys that the user may update (`existing`)."""
        everyone = self._meta.model._default_manager.values_list("pk", *self.key_attnames())
        self.taken = {tuple(values[1:]): values[0] for values in everyone}
        in_file = [self.taken[key] for key in keys if key in self.taken]
        self.existing = {self.existing_key(obj): obj
                         for obj in self.get_queryset().filter(pk__in=in_file)}

    def key_taken_message(self) -> str:
        for constraint in self._meta.model._meta.constraints:
            if tuple(getattr(constraint, "fields", ())) == self.natural_key_fields:
                return str(constraint.get_violation_error_message())
        return f"已有相同的{self.key_label}。"

    def snapshot(self, instance) -> tuple:
        return tuple(getattr(instance, f.attname) for f in instance._meta.concrete_fields)

    # --- messages ----------------------------------------------------------------------

    def messages_for(self, errors: dict) -> list[str]:
        """A row's errors as “列名：原因” lines, in Chinese."""
        lines = []
        for name, messages in errors.items():
            label = self.label_for(name)
            lines += [f"{label}：{message}" if label else message for message in messages]
        return lines

    def label_for(self, name: str) -> str:
        for column in self.fields.values():
            if column.attribute == name:
                return column.column_name
        if name == NON_FIELD_ERRORS:
            return ""
        try:
            return _zh(self._meta.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name

    # --- import: writing ---------------------------------------------------------------

    def write_rows(self, rows: list[RosterRow], *, reason: str) -> None:
        """Save the rows that create or change something, one by one, each with its
        history row; rosters of many rows write in bulk instead (MemberResource)."""
        for row in rows:
            if row.changed:
                row.instance._history_user = self.user
                row.instance._change_reason = reason
                self.write_row(row)

    def write_row(self, row: RosterRow) -> None:
        row.instance.save(force_insert=row.new)
        for name, value in row.related.items():
            getattr(row.instance, name).set(value)


class CheckConstraints:
    """A model's check constraints, as Model.validate_constraints asks them, but each asked
    of the database once per combination of the values it reads (its verdict depends on
    nothing else), not once per row of a file."""

    def __init__(self, model):
        self.model = model
        opts = model._meta
        self.reads = [
            (constraint, {opts.get_field(name).attname: name
                          for name in constraint.condition.referenced_base_fields})
            for constraint in opts.constraints if isinstance(constraint, models.CheckConstraint)
        ]
        self.verdicts: dict[tuple, list[str]] = {}

    def violated(self, instance, *, exclude: set[str]) -> list[str]:
        messages = []
        for constraint, read in self.reads:
            if not exclude.isdisjoint(read.values()):
                continue  # a field that failed is not checked further, as in full_clean
            key = (constraint.name, *(getattr(instance, attname) for attname in read))
            if key not in self.verdicts:
                try:
                    constraint.validate(self.model, instance)
                    self.verdicts[key] = []
                except ValidationError as error:
                    self.verdicts[key] = error.messages
            messages += self.verdicts[key]
        return messages


def _field(attribute, column, widget=None, **kwargs):
    return fields.Field(attribute=attribute, column_name=column, widget=widget or TextWidget(),
                        **kwargs)


class MemberResource(RosterResource):
    """委员名册. Natural key: 姓名 + 手机号码; a row whose key exists updates that member.
    任职日期 and 离任日期 say when the member served (规范 第五条): a 离任日期 with 状态 left
    blank makes the member 已离任."""

    roster = "members"
    key_label = "委员（姓名+手机号码）"
    natural_key_fields = ("name", "phone")
    guide_notes = (
        "任职日期、离任日期按“年-月-日”填写，如 2022-01-12，不能晚于今天；离任日期是在任的最后"
        "一天，不能早于任职日期，填写后状态为“已离任”（规范 第五条：年中任职、离任的，"
        "当年只计在任期间的履职，年度指标按在任月数折算）。",
    )
    required_columns = ("姓名", "委员层级", "界别", "手机号码")
    example_row = (
        "张三", "市政协委员", "越秀区", "经济界", "经济委员会", "否", 14, "广州某有限公司",
        "总经理", "13800138000", "zhangsan@example.com", "在任", "2022-01-12", "", "否", "",
    )

    name = _field("name", "姓名")
    level = _field("level", "委员层级", LabelChoiceWidget(Level))
    district = _field("district", "所属区", NameWidget(District, "区"))
    sector = _field("sector", "界别", NameWidget(Sector, "界别"))
    committee = _field("committee", "专门委员会", NameWidget(Committee, "专门委员会"))
    is_standing = _field("is_standing", "常委", YesNoWidget(), default=False)
    term = _field("term", "届次", CountWidget(), default=Member._meta.get_field("term").default)
    work_unit = _field("work_unit", "工作单位")
    post = _field("post", "职务")
    phone = _field("phone", "手机号码", PhoneWidget())
    email = _field("email", "电子邮箱")
    status = _field("status", "状态", LabelChoiceWidget(MemberStatus),
                    default=MemberStatus.ACTIVE)
    joined_on = _field("joined_on", "任职日期", DateWidget())
    left_on = _field("left_on", "离任日期", DateWidget())
    exempt = _field("exempt", "个人免于进社区履职", YesNoWidget(), default=False)
    exempt_reason = _field("exempt_reason", "免除原因")

    class Meta:
        model = Member
        name = "委员名册"
        fields = (
            "name", "level", "district", "sector", "committee", "is_standing", "term",
            "work_unit", "post", "phone", "email", "status", "joined_on", "left_on", "exempt",
            "exempt_reason",
        )

    def get_queryset(self):
        return super().get_queryset().select_related("district", "sector", "committee")

    def read_cells(self, columns, cells):
        values, errors = super().read_cells(columns, cells)
        if values.get("left_on") and not cell_text(cells.get("状态")):
            values["status"] = MemberStatus.LEFT
        return values, errors

    terms_before: dict[int, tuple] = {}  # member pk -> (joined_on, left_on) before the import

    def write_history(self, members: list[tuple], *, reason: str) -> None:
        """Each (member, history type)'s history row, as simple-history's
        bulk_history_create makes it, written with COPY (core.bulk)."""
        history = Member.history.model
        tracked = list(history.tracked_fields)
        values = values_of(tracked)
        when, user = timezone.now(), getattr(self.user, "pk", None)
        copy_rows(history, ["history_date", "history_change_reason", "history_type",
                            "history_user_id", *(f.attname for f in tracked)],
                  ((when, reason, kind, user, *values(member)) for member, kind in members))

    def load_keys(self, keys):
        super().load_keys(keys)
        self.terms_before = {obj.pk: (obj.joined_on, obj.left_on)
                             for obj in self.existing.values()}

    def row_errors(self, member):
        errors = {}
        if not member.phone:
            errors["phone"] = "导入时必须填写手机号码：名册以“姓名+手机号码”识别委员。"
        own = self.district_only()
        if own is not None and member.district_id != own.pk:
            errors["district"] = f"您只能导入本区（{own.name}）的委员。"
        return errors

    def write_rows(self, rows, *, reason):
        """In bulk, each member with its history row: a district's roster is thousands.
        New members and every history row are written with COPY (core.bulk); changed
        members as one INSERT … ON CONFLICT (id) DO UPDATE: Django's bulk_update builds a
        CASE per field and row, seconds for a thousand members."""
        new = [row.instance for row in rows if row.new]
        changed = [row.instance for row in rows if row.changed and not row.new]
        copy_create(Member, new)
        if changed:
            columns = [f.attribute for f in self.get_import_fields() if not f.readonly]
            Member.objects.bulk_create(changed, update_conflicts=True, unique_fields=["id"],
                                       update_fields=columns)
        self.write_history([(member, "+") for member in new]
                           + [(member, "~") for member in changed], reason=reason)
        moved = [member.pk for member in changed
                 if self.terms_before.get(member.pk) != (member.joined_on, member.left_on)]
        if moved:
            terms_changed.send(sender=Member, member_ids=moved)
