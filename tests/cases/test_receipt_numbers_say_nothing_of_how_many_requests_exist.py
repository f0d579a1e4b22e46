"""The resident's receipt number: random twelve digits, unique, read in groups of four; it
does not tell how many requests exist. Every case registered before receipts existed gets
one from the data migration."""

import importlib
import re

from django.apps import apps

from cases.models import Case
from cases.receipt import receipt_display, receipt_no_new, receipt_normalize

from .conftest import new_case

MIGRATION = importlib.import_module("cases.migrations.0020_receipt_numbers_and_status_codes")


def test_a_registered_request_has_twelve_digits_not_starting_with_zero(ledger):
    number = ledger.case.receipt_no
    assert re.fullmatch(r"[1-9]\d{11}", number)
    assert ledger.case.receipt == f"{number[:4]} {number[4:8]} {number[8:]}"


def test_requests_registered_one_after_another_are_not_numbered_in_sequence(ledger):
    p = ledger.p
    cases = [new_case(ledger.activity, p.beijing_clerk, content=f"第{n}件") for n in range(6)]
    numbers = [int(c.receipt_no) for c in [ledger.case, *cases]]
    assert len(set(numbers)) == len(numbers)
    steps = {b - a for a, b in zip(numbers, numbers[1:], strict=False)}
    assert not steps <= {1, -1}, "consecutive numbers would tell how many requests exist"


def test_a_number_already_taken_is_drawn_again():
    taken = iter([True, True, False])
    assert re.fullmatch(r"\d{12}", receipt_no_new(lambda number: next(taken)))


def test_a_number_typed_with_spaces_dashes_or_full_width_digits_is_read():
    assert receipt_normalize("３８２９ 1047-5521") == "382910475521"
    assert receipt_normalize("3829 1047 552") == ""
    assert receipt_normalize("abc") == "" and receipt_display("382910475521") == "3829 1047 5521"


def test_the_migration_numbers_every_case_registered_before_receipts(ledger):
    other = new_case(ledger.activity, ledger.p.beijing_clerk, content="另一件")
    Case.objects.filter(pk__in=[ledger.case.pk, other.pk]).update(receipt_no=None)
    MIGRATION.number_existing_cases(apps, None)
    numbers = list(Case.objects.values_list("receipt_no", flat=True))
    assert all(re.fullmatch(r"[1-9]\d{11}", n) for n in numbers)
    assert len(set(numbers)) == len(numbers) == 2
