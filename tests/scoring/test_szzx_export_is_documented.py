"""The 数字政协 export's documentation (docs/szzx-export.md) names every field of the code,
with its type, and every code of its code lists: an integrator reads the page, not the code."""

from pathlib import Path

from members.choices import Level
from scoring.choices import DutyKind, EvaluationCategory, RecordSource
from scoring.exports import FIGURE_FIELDS, RECORD_FIELDS, VERSION

DOC = (Path(__file__).resolve().parents[2] / "docs" / "szzx-export.md").read_text("utf-8")


def test_every_field_is_documented_with_its_type_in_order():
    for fields in (RECORD_FIELDS, FIGURE_FIELDS):
        for number, field in enumerate(fields, 1):
            assert f"| {number} | `{field.code}` | {field.type} |" in DOC, field.code


def test_every_code_of_the_code_lists_is_documented():
    for choices in (Level, DutyKind, RecordSource, EvaluationCategory):
        for value, label in choices.choices:
            assert f"`{value}` {label}" in DOC, value


def test_the_documented_version_is_the_exported_one():
    assert f"Current version: **{VERSION}**." in DOC
