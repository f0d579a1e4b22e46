"""The held reception and its case of tests/cases (`ledger`), for the public status page."""

from ..cases.conftest import ledger  # noqa: F401 - a fixture, found by pytest here
