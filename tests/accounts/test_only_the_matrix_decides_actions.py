"""Whether an action is allowed is `user.has_perm(...)`, answered by the role matrix
(accounts/permissions.py); which rows a user sees is `for_user` (accounts/scoping.py).
No other module compares a login's role, but the few places listed below, each for a
reason that is not an action's permission."""

import ast
import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
EVERYWHERE = {"accounts/permissions.py", "accounts/scoping.py"}
ALLOWED = {
    ("accounts/otp.py", "otp_required"):
        "how a login proves who it is (settings.OTP_REQUIRED_ROLES), not what it may do",
    ("accounts/models.py", "UserQuerySet.for_user"):
        "scope: the logins the user administrator manages (never the auditors', 三员分立)",
    ("accounts/models.py", "UserQuerySet.assignable_by"):
        "scope: the logins of one's own area, to pick as a clerk or a handler",
    ("accounts/models.py", "User.clerk_of_other_towns"):
        "a rule about the data, held by the database's triggers too (workrooms migration "
        "0002): a workroom's clerk is a clerk account of its town",
    ("workrooms/models.py", "Workroom.clerk_problem"):
        "the same rule about the data, checked when a workroom is saved",
}
ROLE_NAMES = re.compile(r"_ROLES?$")  # LEADER_ROLES, APPROVER_ROLE (not RequestKind.ROLE)


def project_modules():
    for app in sorted(p.parent for p in BASE.glob("*/apps.py")):
        for path in sorted(app.rglob("*.py")):
            if "migrations" not in path.parts:
                yield path
    yield from sorted((BASE / "config").rglob("*.py"))


def mentions_a_role(node: ast.AST) -> bool:
    """`x.role`, `getattr(x, "role")`, `x["role"]`, `Role.CITY`, `LEADER_ROLES`."""
    match node:
        case ast.Attribute(attr="role") | ast.Attribute(value=ast.Name(id="Role")):
            return True
        case ast.Call(func=ast.Name(id="getattr"), args=[_, ast.Constant(value="role"), *_]):
            return True
        case ast.Subscript(slice=ast.Constant(value="role")):
            return True
        case ast.Name(id=name) | ast.Attribute(attr=name):
            return bool(ROLE_NAMES.search(name))
    return False


def role_comparisons(path: Path) -> list[tuple[str, int]]:
    """(qualified name of the enclosing function, line) of each comparison with a role."""
    found = []

    def visit(node, scope):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            scope = [*scope, node.name]
        if isinstance(node, ast.Compare) and any(
            mentions_a_role(side) for side in [node.left, *node.comparators]
        ):
            found.append((".".join(scope), node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child, scope)

    visit(ast.parse(path.read_text(encoding="utf-8")), [])
    return found


def test_no_module_but_the_matrix_and_scope_compares_roles():
    unexpected = []
    for path in project_modules():
        name = path.relative_to(BASE).as_posix()
        if name in EVERYWHERE:
            continue
        unexpected += [f"{name}:{line} ({where})" for where, line in role_comparisons(path)
                       if (name, where) not in ALLOWED]
    assert unexpected == [], "ask user.has_perm(...) instead:\n" + "\n".join(unexpected)


def test_every_allowed_place_still_compares_a_role():
    """An allowance that nothing uses any more is removed, so the list stays short."""
    used = {(path.relative_to(BASE).as_posix(), where)
            for path in project_modules() for where, _line in role_comparisons(path)}
    assert set(ALLOWED) <= used


def test_no_template_compares_roles():
    comparison = re.compile(r"\brole\s*(==|!=|\bin\b|\bnot in\b)")
    found = [
        f"{path.relative_to(BASE)}:{number}"
        for path in sorted(BASE.glob("**/templates/**/*.html")) if ".venv" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if comparison.search(line)
    ]
    assert found == [], "use {% if perms.app.action_model %}:\n" + "\n".join(found)


def test_the_check_finds_a_role_comparison():
    source = (
        "def may_edit(user):\n    return user.role == Role.DISTRICT\n"
        "def leader(by):\n    return by.role in LEADER_ROLES\n"
        "def staff(u):\n    return getattr(u, 'role', '') in ('district', 'committee')\n"
    )
    path = BASE / "tests" / "accounts" / "_role_sample.py"
    path.write_text(source, encoding="utf-8")
    try:
        assert [where for where, _line in role_comparisons(path)] == [
            "may_edit", "leader", "staff",
        ]
    finally:
        path.unlink()
