"""Every action a model declares in `Meta.permissions` is granted by the role matrix
(accounts/permissions.py) to the roles below, and to no other."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from accounts.choices import Role
from accounts.models import User

CITY, DISTRICT, TOWN, CLERK = Role.CITY, Role.DISTRICT, Role.TOWN, Role.CLERK
COMMITTEE, MEMBER = Role.COMMITTEE, Role.MEMBER

# permission -> the roles that hold it
INTENDED = {
    # 规范 第十四条: cases and duty records are kept; one entered in error is voided
    "cases.void_case": {CITY, DISTRICT},
    "scoring.void_dutyrecord": {CITY, DISTRICT, COMMITTEE},
    # 规范 第十三条: staff route a case; the leader's instruction is never the clerk's
    "cases.route_case": {CITY, DISTRICT, TOWN, CLERK},
    "cases.instruct_case": {CITY, DISTRICT, TOWN},
    # 相同诉求: whoever routes a case merges a repeated one into it, and undoes that
    "cases.merge_case": {CITY, DISTRICT, TOWN, CLERK},
    # the loop with the resident: staff who route a case reopen it (with a reason) and
    # record the answer to the callback they made by phone or in person
    "cases.reopen_case": {CITY, DISTRICT, TOWN, CLERK},
    "cases.record_callback": {CITY, DISTRICT, TOWN, CLERK},
    # 规范 第十三条（四）: the member a case was passed to files and closes it
    "cases.file_case": {MEMBER},
    # 个人信息保护法: the workroom's clerk reads its visitors in full
    "cases.unmask_visitor": {CLERK},
    # 举措 四（四）: staff confirm duty records
    "scoring.confirm_dutyrecord": {CITY, DISTRICT, COMMITTEE},
    # the member's own pages: 我的履职, the receptions they serve at
    "scoring.view_own_dutyrecord": {MEMBER},
    "receptions.view_own_reception": {MEMBER},
    # 规范 第十四条: the district writes and submits, the municipal office sends back
    "reports.submit_districtreport": {DISTRICT},
    "reports.reopen_districtreport": {CITY},
    # 举措 四（一）: a committee's yearly summary
    "members.summarize_committee": {CITY, COMMITTEE},
    # 举措 四（三）: whether a suggested consultation topic enters the plan
    "cases.decide_consultationtopic": {CITY, DISTRICT},
}


def declared_permissions() -> set[str]:
    """Those of this project's models (not of the libraries')."""
    ours = [app for app in apps.get_app_configs()
            if Path(app.path).parent == settings.BASE_DIR]
    return {
        f"{app.label}.{codename}"
        for app in ours for model in app.get_models()
        for codename, _label in model._meta.permissions
    }


def test_every_declared_permission_has_its_intended_roles_here():
    assert declared_permissions() == set(INTENDED)


@pytest.mark.parametrize("permission", sorted(INTENDED))
def test_the_permission_goes_to_its_roles_only(permission):
    holders = {role for role in Role.values
               if User(username="x", role=role, is_active=True).has_perm(permission)}
    assert holders == INTENDED[permission]


@pytest.mark.parametrize("permission", sorted(INTENDED))
def test_nobody_without_a_role_or_inactive_holds_it(permission):
    assert not User(username="x", role="", is_active=True).has_perm(permission)
    for role in INTENDED[permission]:
        assert not User(username="x", role=role, is_active=False).has_perm(permission)
