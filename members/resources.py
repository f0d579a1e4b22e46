"""Roster import and export of members and the pieces every roster shares.

A roster speaks the staff's language: Chinese column headers, places, sectors and
committees by name, choices by their Chinese label, never an id. A member is known by
姓名 + 手机号码 (the model's own unique constraint). Each row is validated by the model's
own full_clean (field validators and the named constraints with their Chinese messages);
names are looked up once per import, not per row, and members are saved in bulk with their
history rows (row-by-row imports take minutes on a city's roster).

The workflow (size and type checks, all-or-nothing, the audit record) is
`members.services.roster_import`; this module only maps cells to fields.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import connections, models, router
from django.utils import translation
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from accounts.choices import Role
from regions.models import District
from reports.xlsx import FORMULA_PREFIXES, safe_cell

from .choices import Level, MemberStatus
from .models import Committee, Member, Sector
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


class RosterResource(resources.ModelResource):
    """What the member and workroom rosters share: scope, natural keys, row errors, safe cells.

    `user` is who imports (None for a management command run by the system): rows are
    read and matched within `Model.objects.for_user(user)`, and a district's staff may
    only write rows of their own district. `sheet_rows` maps the dataset's rows to the
    row numbers the user sees in Excel (header = row 1), blank rows having been dropped.
    """

    roster = ""  # members.choices.Roster value
    required_columns: tuple[str, ...] = ()
    example_row: tuple = ()
    key_label = ""

    def __init__(self, *, user=None, sheet_rows=None, change_reason="", **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.sheet_rows = sheet_rows or []
        self.change_reason = change_reason
        self.existing: dict = {}  # natural key -> row in the user's scope, to update
        self.taken: dict = {}  # natural key -> pk, every row of the table
        self.check_verdicts: dict = {}
        self.seen: dict = {}  # natural key -> dataset row number, for duplicates in the file

    # --- columns -----------------------------------------------------------------------

    @classmethod
    def column_names(cls) -> list[str]:
        return [field.column_name for field in cls().get_import_fields()]

    def label_for(self, name: str) -> str:
        for field in self.fields.values():
            if field.attribute == name:
                return field.column_name
        if name == NON_FIELD_ERRORS:
            return ""
        try:
            return _zh(self._meta.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name

    def sheet_row(self, number: int) -> int:
        return self.sheet_rows[number - 1] if self.sheet_rows else number + 1

    # --- scope -------------------------------------------------------------------------

    def get_queryset(self):
        queryset = self._meta.model.objects.all()
        if self.user is not None:
            queryset = queryset.for_user(self.user)
        return queryset

    def district_only(self):
        """The district a district's staff member is confined to, or None."""
        if self.user is not None and getattr(self.user, "role", "") == Role.DISTRICT:
            return self.user.district
        return None

    # --- natural keys ------------------------------------------------------------------

    natural_key_fields: tuple[str, ...] = ()

    def natural_key(self, row) -> tuple | None:
        """The row's natural key, read from its cells (None when a part is missing)."""
        raise NotImplementedError

    def existing_key(self, obj) -> tuple:
        opts = self._meta.model._meta
        return tuple(getattr(obj, opts.get_field(name).attname) for name in self.natural_key_fields)

    def before_import(self, dataset, **kwargs):
        """Rows to update (in the user's scope) and every key taken, each in one query."""
        self.existing = {self.existing_key(obj): obj for obj in self.get_queryset()}
        opts = self._meta.model._meta
        attnames = [opts.get_field(name).attname for name in self.natural_key_fields]
        self.taken = {
            tuple(values[1:]): values[0]
            for values in self._meta.model._default_manager.values_list("pk", *attnames)
        }
        self.check_verdicts = {}

    def get_instance(self, instance_loader, row):
        key = self.natural_key(row)
        return self.existing.get(key) if key else None

    def before_import_row(self, row, row_number=None, **kwargs):
        key = self.natural_key(row)
        if not key:
            return
        if key in self.seen:
            first = self.sheet_row(self.seen[key])
            raise ValidationError(f"与第{first}行重复：同一{self.key_label}在文件中只能出现一次。")
        self.seen[key] = row_number

    # --- validation --------------------------------------------------------------------

    def row_errors(self, instance) -> dict[str, str]:
        """Rules of the import itself (scope, required keys), beyond the model's own."""
        return {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for name, message in self.row_errors(instance).items():
            errors.setdefault(name, ValidationError(message))
        try:
            self.full_clean(instance, exclude=set(errors))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def full_clean(self, instance, exclude: set[str]) -> None:
        """The model's own full_clean and constraints, without the per-row queries whose
        answer this import already holds: foreign keys come from lookups loaded once (so
        they exist); a check constraint's verdict depends only on the fields it reads, so
        it is asked once per combination of their values; the natural key's unique
        constraint is answered from the keys loaded once."""
        relations = {f.name for f in instance._meta.concrete_fields if f.is_relation}
        errors = {}
        try:
            instance.full_clean(exclude=exclude | relations, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        exclude = exclude | {name for name in errors if name != NON_FIELD_ERRORS}
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                failure = self.check_constraint(model_class, constraint, instance, exclude)
                if failure is not None:
                    errors = failure.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def check_constraint(self, model_class, constraint, instance, exclude):
        if isinstance(constraint, models.CheckConstraint):
            read, opts = constraint.condition.referenced_base_fields, instance._meta
            values = tuple(getattr(instance, opts.get_field(f).attname)
                           for f in sorted(read - exclude))
            key = (constraint.name, frozenset(read & exclude), values)
            if key not in self.check_verdicts:
                self.check_verdicts[key] = _violation(constraint, model_class, instance, exclude)
            return self.check_verdicts[key]
        if self.is_natural_key(constraint) and not exclude & set(constraint.fields):
            holder = self.taken.get(self.existing_key(instance))
            if holder is not None and holder != instance.pk:
                return ValidationError(constraint.get_violation_error_message(), code="unique")
            return None
        return _violation(constraint, model_class, instance, exclude)

    def is_natural_key(self, constraint) -> bool:
        return (isinstance(constraint, models.UniqueConstraint)
                and set(constraint.fields) == set(self.natural_key_fields))

    def messages_for(self, error) -> list[str]:
        """A row's ValidationError as “列名：原因” lines, in Chinese."""
        if not hasattr(error, "error_dict"):
            return [str(message) for message in error.messages]
        lines = []
        for name, errors in error.message_dict.items():
            label = self.label_for(name)
            lines += [f"{label}：{message}" if label else message for message in errors]
        return lines

    # --- saving, with history ----------------------------------------------------------

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.user
        instance._change_reason = self.change_reason

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None,
                    result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(
                    self.create_instances, self._meta.model, batch_size=batch_size,
                    default_user=self.user, default_change_reason=self.change_reason,
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            instance._roster_before = self.snapshot(instance)

    def snapshot(self, instance) -> tuple:
        return tuple(getattr(instance, f.attname) for f in instance._meta.concrete_fields)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A bulk roster row that leaves its member as it was is not written again, and
        gets no history row. (Not for rosters with many-to-many columns: those are not
        in the snapshot.)"""
        if import_validation_errors or not self._meta.use_bulk:
            return False
        before = getattr(instance, "_roster_before", None)
        return before is not None and before == self.snapshot(instance)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None,
                    result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                model = self._meta.model
                _update_rows(model, self.update_instances, self.get_bulk_update_fields())
                get_history_manager_for_model(model).bulk_history_create(
                    self.update_instances, update=True, default_user=self.user,
                    default_change_reason=self.change_reason,
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    # --- export ------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        """Formula injection: a cell starting with = + - @ is exported as text."""
        return safe_cell(super().export_field(field, instance, **kwargs))


def _violation(constraint, model_class, instance, exclude) -> ValidationError | None:
    try:
        constraint.validate(model_class, instance, exclude=exclude)
    except ValidationError as error:
        return error
    return None


def _update_rows(model, objs, field_names) -> None:
    """One UPDATE statement run for every row (executemany). Django's bulk_update builds a
    CASE per field and row, which takes seconds for a few thousand rows."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    sets = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {sets} "
           f"WHERE {quote(model._meta.pk.column)} = %s")
    params = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
        + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _field(attribute, column, widget=None, **kwargs):
    return fields.Field(attribute=attribute, column_name=column, widget=widget or TextWidget(),
                        **kwargs)


class MemberResource(RosterResource):
    """委员名册. Natural key: 姓名 + 手机号码; a row whose key exists updates that member."""

    roster = "members"
    key_label = "委员（姓名+手机号码）"
    natural_key_fields = ("name", "phone")
    required_columns = ("姓名", "委员层级", "界别", "手机号码")
    example_row = (
        "张三", "市政协委员", "越秀区", "经济界", "经济委员会", "否", 14, "广州某有限公司",
        "总经理", "13800138000", "zhangsan@example.com", "在任", "否", "",
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
    exempt = _field("exempt", "个人免于进社区履职", YesNoWidget(), default=False)
    exempt_reason = _field("exempt_reason", "免除原因")

    class Meta:
        model = Member
        name = "委员名册"
        fields = (
            "name", "level", "district", "sector", "committee", "is_standing", "term",
            "work_unit", "post", "phone", "email", "status", "exempt", "exempt_reason",
        )
        import_id_fields = ("name", "phone")
        use_bulk = True
        skip_diff = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("district", "sector", "committee")

    def natural_key(self, row):
        name = cell_text(row.get("姓名"))
        phone = normalize_phone(cell_text(row.get("手机号码")))
        return (name, phone) if name and phone else None

    def row_errors(self, member):
        errors = {}
        if not member.phone:
            errors["phone"] = "导入时必须填写手机号码：名册以“姓名+手机号码”识别委员。"
        own = self.district_only()
        if own is not None and member.district_id != own.pk:
            errors["district"] = f"您只能导入本区（{own.name}）的委员。"
        return errors
