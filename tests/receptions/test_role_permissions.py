"""Who may do what with the reception models (accounts/permissions.py)."""

import pytest

from accounts.permissions import role_allows


@pytest.mark.parametrize(
    "role, model, action, allowed",
    [
        ("district", "reception", "add", True),
        ("district", "districtreceptionrule", "change", True),
        ("district", "importantevent", "delete", True),
        ("district", "holiday", "change", False),
        ("district", "notice", "change", False),
        ("clerk", "reception", "change", True),
        ("clerk", "reception", "add", False),
        ("clerk", "importantevent", "add", False),
        ("clerk", "districtreceptionrule", "change", False),
        ("town", "reception", "change", False),
        ("member", "reception", "view", False),
        ("city", "holiday", "change", True),
    ],
)
def test_the_role_matrix_for_receptions(role, model, action, allowed):
    assert role_allows(role, "receptions", model, action) is allowed
