"""Who may do what: the one place that says it.

Each role's grants are Django permissions: the model's own view / add / change / delete and
the actions its ``Meta.permissions`` declares (``cases.instruct_case``, ``scoring.confirm_
dutyrecord``, ``reports.reopen_districtreport`` …). Views, forms, services and templates ask
``user.has_perm("app.action_model")`` (``perms.app.action_model`` in a template), and
`RolePermissionBackend` answers from the matrix below; nothing else compares roles to
decide whether an action is allowed (tests/accounts/test_only_the_matrix_decides_actions.py).

The matrix is code, not rows, so that no administrator can grant themself the audit
trail (三员分立). Scope (which rows) is `for_user` (accounts.scoping); this decides which
actions. Apps add their models here as they land.
"""

from .choices import Role

V, VA, VAC, ALL = "view", "view add", "view add change", "view add change delete"
# Cases and duty records are never deleted, by any role (规范 第十四条: the ledgers are
# kept); a record entered in error is voided with a reason (accounts.admin.VoidAdmin).
KEPT = "view add change void"

# role -> "app" or "app.model" -> the actions granted, space-separated. A model's own entry
# replaces its app's, so a model's declared actions (Meta.permissions) are named there.
ROLE_PERMISSIONS: dict[str, dict[str, str]] = {
    Role.CITY: {
        "regions": ALL, "members": ALL, "workrooms": ALL, "receptions": ALL,
        "cases": ALL, "scoring": ALL, "reports": ALL, "notices": VAC,
        "accounts.user": V,
        # decides (approves or refuses) the requests below: change = decide
        "accounts.rolechangerequest": "view change",
        "axes.accessattempt": V,  # sees who is locked out after failed logins
        "cases.routingsetting": "view change", "cases.personaldataaccess": V,
        "cases.retentionrun": V, "cases.case": f"{KEPT} route instruct merge reopen",
        "cases.callback": "view record",  # answers are kept: never changed nor deleted
        "scoring.dutyrecord": f"{KEPT} confirm",
        # 举措 四（三）: proposes consultation topics and decides whether they enter the plan
        "cases.consultationtopic": "view add change decide",
        # sends a submitted report back (the district writes it)
        "reports.districtreport": f"{ALL} reopen",
        "members.committee": f"{ALL} summarize",
        "members.guidancerequest": "view change",  # answers (规范 第十二条); never deleted
        # the 12345 exchange: its clients, keys and classification table; never deleted
        # (the audit trail and the work orders name them), switched off instead
        "exchange": "view add change", "exchange.workorder": V, "exchange.intakeday": V,
        "exchange.outcomepush": "view change",  # change = send a failed outcome again
    },
    Role.DISTRICT: {
        "regions.district": V, "regions.town": "view change",
        "regions.districtconvener": VAC,
        "members": VAC, "members.sector": V, "members.committee": V,
        # answers its members' requests for guidance or people (规范 第十二条)
        "members.guidancerequest": "view change",
        "workrooms": VAC, "receptions": VAC, "receptions.holiday": V,
        "receptions.calendaryear": V, "receptions.notice": V, "receptions.importantevent": ALL,
        "receptions.membercalendarfeed": "",
        "cases": VAC, "scoring": VAC, "scoring.quotarule": V, "scoring.scoringrule": V,
        # adds and edits the district's own activity forms (规范 第十条), never deletes one
        "scoring.activityform": VAC,
        "scoring.prorationrule": V,
        "scoring.sectoractivity": V, "scoring.quotareminderdate": V, "scoring.reminderrun": V,
        "cases.case": f"{KEPT} route instruct merge reopen",
        "scoring.dutyrecord": f"{KEPT} confirm", "cases.callback": "view record",
        # a committee's own plan (举措 四（一）), not the district's
        "scoring.committeeliaisonplan": "", "scoring.committeeplantarget": "",
        "reports": VAC, "notices": V,
        # Reports are written and submitted on the report page (reports.services), not in
        # the admin (规范 第十四条: 各区政协…报送); inspections (规范 第十五条) are entered here.
        "reports.districtreport": "view submit", "reports.reportreopening": V,
        "reports.reportfile": V, "reports.reportschedule": V, "reports.reportjobrun": "",
        "cases.routingsetting": V, "cases.personaldataaccess": "", "cases.retentionrun": "",
        "cases.consultationtopic": "view add change decide",  # 举措 四（三）
        # reads its district's hotline clients, work orders and their outcomes sent back
        "exchange": V,
    },
    Role.TOWN: {
        "regions.town": V, "members.member": V, "workrooms.workroom": V,
        # the workroom's funds are in the town/street's yearly budget (规范 第十六条)
        "workrooms.workroombudget": VAC,
        "receptions": V, "receptions.membercalendarfeed": "", "cases": VAC,
        # the principal leader gives the instruction (批示, 规范 第十三条)
        "cases.case": f"{VAC} route instruct merge reopen",
        "cases.replytemplate": V,  # picks the district's and the city's 常用答复
        # calls the resident back after the outcome and records the answer
        "cases.callback": "view record",
        "cases.topic": V, "cases.department": V, "cases.routingsetting": V,
        "cases.personaldataaccess": "", "cases.retentionrun": "",
        "cases.consultationtopic": VA,  # proposes a topic from a cluster (举措 四（三）)
    },
    Role.CLERK: {
        "members.member": V, "workrooms.workroom": V, "receptions": "view change",
        "receptions.holiday": V, "receptions.calendaryear": V, "receptions.importantevent": V,
        "receptions.districtreceptionrule": V, "receptions.notice": V,
        "receptions.membercalendarfeed": "",
        # routes cases but never enters the leader's instruction (规范 第十三条)
        "cases": VAC, "cases.case": f"{VAC} route merge reopen", "cases.replytemplate": V,
        "cases.callback": "view record",
        # reads in full the visitors of the workrooms they are the clerk of (个人信息保护法:
        # those who handle the matter); everyone else sees them masked (cases.privacy)
        "cases.visitor": f"{VAC} unmask",
        "cases.topic": V, "cases.department": V, "cases.routingsetting": V,
        "cases.personaldataaccess": "", "cases.retentionrun": "",
        "cases.consultationtopic": V,
    },
    Role.COMMITTEE: {
        "members.member": "view change", "members.constituent": VAC,
        "scoring": VAC, "scoring.dutyrecord": f"{KEPT} confirm", "scoring.quotarule": V,
        "scoring.scoringrule": V, "scoring.activityform": V, "scoring.prorationrule": V,
        "scoring.quotareminderdate": V, "scoring.reminderrun": V,
        # its own committee's yearly summary (举措 四（一）)
        "members.committee": "summarize",
    },
    # Members use their own pages only, never the admin: 我的履职 and their receptions.
    # 规范 第十三条（四）: a member files a proposal or report on a case passed to them
    # (cases.services: only on such a case, and only that move).
    Role.MEMBER: {"scoring.dutyrecord": "view_own", "receptions.reception": "view_own",
                  "cases.case": "file"},
    # 三员分立: the user administrator manages logins, locks and lost TOTP devices, and
    # never reads the audit trail; the auditor reads the trail and the login logs only.
    # No role deletes audit events (三员分立).
    Role.USER_ADMIN: {
        "accounts.user": ALL,
        # files requests for what needs a second person (see PRIVILEGED_ROLES)
        "accounts.rolechangerequest": VA,
        "axes.accessattempt": "view delete",  # delete = unlock (audit.admin.LockAdmin)
        # reset a lost phone; for a privileged account the deletion is a request
        "otp_totp.totpdevice": "view delete",
        # links a person's unified identity to their account (accounts.admin); a wrong
        # link is deleted and made again
        "accounts.identitylink": "view add delete",
    },
    Role.AUDITOR: {"audit.auditevent": V, "axes.accesslog": V, "axes.accessfailurelog": V,
                   "cases.personaldataaccess": V, "cases.retentionrun": V,
                   "accounts.rolechangerequest": V},
}

# 三员分立 (GB/T 22239-2019 三级, 访问控制 and 安全管理中心): granting, changing or removing
# one of these roles, and removing such an account's second factor, takes a request
# (accounts.RoleChangeRequest) that a second person of APPROVER_ROLE decides. The user
# administrator never reaches the auditor's account but through such a request.
PRIVILEGED_ROLES = frozenset({Role.CITY, Role.DISTRICT, Role.USER_ADMIN, Role.AUDITOR})
APPROVER_ROLE = Role.CITY


def is_privileged(user) -> bool:
    """Whether a change to this account's role or second factor needs a second person."""
    return bool(user.is_superuser or is_privileged_role(user.role))


def is_privileged_role(role: str) -> bool:
    return role in PRIVILEGED_ROLES


def may_decide_requests(user) -> bool:
    """Only an active member of the municipal office decides (never a superuser: the
    emergency account is no second person)."""
    return bool(user.is_authenticated and user.is_active and user.role == APPROVER_ROLE)


# Staff roles work in the admin (User.is_staff); members use their own pages only.
ADMIN_ROLES = frozenset({
    Role.CITY, Role.DISTRICT, Role.TOWN, Role.CLERK, Role.COMMITTEE, Role.USER_ADMIN, Role.AUDITOR,
})


def works_in_admin(role: str) -> bool:
    return role in ADMIN_ROLES


def role_allows(role: str, app_label: str, model: str, action: str) -> bool:
    grants = ROLE_PERMISSIONS.get(role, {})
    actions = grants.get(f"{app_label}.{model}", grants.get(app_label, ""))
    return action in actions.split()


class RolePermissionBackend:
    """Answers `user.has_perm("app.action_model")` from the role matrix."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or not getattr(user_obj, "role", ""):
            return False
        app_label, _, codename = perm.partition(".")
        # A model's name has no underscore; an action may ("view_own_dutyrecord").
        action, _, model = codename.rpartition("_")
        return role_allows(user_obj.role, app_label, model, action)

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active or not getattr(user_obj, "role", ""):
            return False
        grants = ROLE_PERMISSIONS.get(user_obj.role, {})
        return any(key.split(".")[0] == app_label for key in grants)
