"""Changes to accounts that take a second person, or that the account's owner must hear of.

三员分立 (GB/T 22239-2019 三级, 访问控制: 特权用户分离, 授权须经审批): a privileged role
(accounts.permissions.PRIVILEGED_ROLES) is granted, changed or removed, and such an account's
second factor removed, only by a `RoleChangeRequest` that a member of the municipal office
other than the requester and the account's owner approves. 身份鉴别: a password someone else
set must be changed by its owner at the next sign-in, and the owner is told.
"""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.choices import EventKind
from audit.services import audit_record
from notices.choices import Channel
from notices.services import notify

from .choices import RequestKind, RequestStatus
from .models import RoleChangeRequest, User, role_text
from .permissions import APPROVER_ROLE, is_privileged, is_privileged_role, may_decide_requests

ROLE_FIELDS = ("role", "district", "town", "committee")


def role_fields(user) -> dict:
    return {name: getattr(user, name) for name in ROLE_FIELDS}


def needs_second_person(*, before: dict, after: dict) -> bool:
    """A change of role or place that gives, moves or takes a privileged role."""
    privileged = is_privileged_role(before["role"]) or is_privileged_role(after["role"])
    return privileged and before != after


# --------------------------------------------------------------------------- requests


def change_request_check(change: RoleChangeRequest) -> None:
    """Whether an unsaved request may be filed; raises ValidationError (Chinese) if not."""
    user = change.user
    change.before = role_text(user.role, user)
    if change.kind == RequestKind.ROLE:
        if not needs_second_person(before=role_fields(user), after=role_fields(change)):
            raise ValidationError(_("这项变更不涉及特权角色，无须审批，请直接在“用户”中修改。"))
        _check_role_change(user, role_fields(change))
    else:
        for name in ROLE_FIELDS:
            setattr(change, name, None if name != "role" else "")
        if not is_privileged(user):
            raise ValidationError(_("该账号不是特权账号，无须审批，请直接在“动态口令设备”中删除。"))
        if not TOTPDevice.objects.filter(user=user).exists():
            raise ValidationError(_("该账号没有动态口令设备。"))
    change.full_clean()


@transaction.atomic
def change_request_file(*, change: RoleChangeRequest, request=None) -> RoleChangeRequest:
    """File an unsaved request (user, kind, the asked role fields, reason, requested_by):
    nothing about the account changes; the municipal office is told."""
    change_request_check(change)
    change.save()
    audit_record(kind=EventKind.PRIVILEGE_REQUESTED, request=request, user=change.requested_by,
                 obj=change, detail=_detail(change))
    approvers = list(User.objects.filter(role=APPROVER_ROLE, is_active=True)
                     .exclude(pk__in=[change.requested_by_id, change.user_id]))
    words = _words(change)
    transaction.on_commit(lambda: notify(
        people=approvers, key=f"change-request:{change.pk}:filed", channels=(Channel.INBOX,),
        subject=_("有一项特权变更申请待审批"),
        body=_("%(by)s申请：%(what)s。请在管理后台“特权变更申请”中审批；申请人和账号本人"
               "不能审批。") % words,
        link=reverse("admin:accounts_rolechangerequest_change", args=[change.pk]),
    ))
    return change


def _check_role_change(user, asked: dict) -> None:
    if role_fields(user) == asked:
        raise ValidationError(_("申请的角色与范围与该账号现有的相同。"))
    target = copy.copy(user)
    for name, value in asked.items():
        setattr(target, name, value)
    target.validate_constraints()  # e.g. district staff need a district, in Chinese
    target.clean()  # e.g. a serving clerk keeps the clerk's role (workrooms)


def change_request_approve(*, change: RoleChangeRequest, by, note: str = "",
                           request=None) -> RoleChangeRequest:
    """Apply the change asked: a second person of the municipal office consents."""
    _check_decider(change, by, request)
    with transaction.atomic():
        change = _decide(change, by=by, status=RequestStatus.APPROVED, note=note)
        user = User.objects.select_for_update().get(pk=change.user_id)
        if change.kind == RequestKind.ROLE:
            _check_role_change(user, role_fields(change))
            if is_privileged_role(change.role) and user.must_change_password:
                # Whoever set the password still knows it: the owner chooses their own first.
                raise ValidationError(_(
                    "账号“%(user)s”仍在使用他人设置的密码：请账号本人先登录并修改密码，"
                    "再审批授予特权角色。") % {"user": user.username})
            for name, value in role_fields(change).items():
                setattr(user, name, value)
            user._history_user = by  # simple-history: the approver made the change
            user.save()
        else:
            _remove_devices(user=user, by=by, request=request, change=change)
        audit_record(kind=EventKind.PRIVILEGE_APPROVED, request=request, user=by, obj=change,
                     detail=_detail(change))
        _tell_decision(change, user)
    return change


def change_request_refuse(*, change: RoleChangeRequest, by, note: str = "",
                          request=None) -> RoleChangeRequest:
    """Refuse: nothing changes; the requester is told."""
    _check_decider(change, by, request)
    with transaction.atomic():
        change = _decide(change, by=by, status=RequestStatus.REFUSED, note=note)
        audit_record(kind=EventKind.PRIVILEGE_REFUSED, request=request, user=by, obj=change,
                     detail=_detail(change))
        _tell_decision(change, None)
    return change


def _check_decider(change: RoleChangeRequest, by, request) -> None:
    """Who may not decide is refused, and the attempt is recorded (outside the decision's
    transaction, so that the record stays)."""
    if not may_decide_requests(by):
        why, refusal = "not_approver", _("特权变更申请须由市政协办公厅工作人员审批。")
    elif by.pk == change.requested_by_id:
        why, refusal = "own_request", _(
            "不能审批自己提交的申请，须由市政协办公厅另一名工作人员审批。")
    elif by.pk == change.user_id:
        why, refusal = "own_account", _(
            "不能审批涉及自己账号的申请，须由市政协办公厅另一名工作人员审批。")
    else:
        return
    audit_record(kind=EventKind.PERMISSION_DENIED, request=request, user=by, obj=change,
                 detail={"refused": why, **_detail(change)})
    raise ValidationError(refusal)


def _decide(change, *, by, status, note) -> RoleChangeRequest:
    locked = RoleChangeRequest.objects.select_for_update().get(pk=change.pk)
    if locked.status != RequestStatus.PENDING:
        raise ValidationError(_("该申请已经审批（%(status)s），不能再次审批。")
                              % {"status": locked.get_status_display()})
    locked.status, locked.decided_by, locked.decided_at = status, by, timezone.now()
    locked.decision_note = (note or "").strip()[:200]
    locked._history_user = by
    locked.full_clean()
    locked.save()
    return locked


def _tell_decision(change: RoleChangeRequest, owner) -> None:
    """The requester hears of the decision; the account's owner, of an approved change to
    their account, on every channel they have."""
    words = _words(change) | {"status": change.get_status_display(),
                              "note": change.decision_note or "—"}
    requester = change.requested_by
    transaction.on_commit(lambda: notify(
        people=[requester], key=f"change-request:{change.pk}:decided", channels=(Channel.INBOX,),
        subject=_("特权变更申请%(status)s") % words,
        body=_("您提交的申请（%(what)s）%(status)s。审批意见：%(note)s") % words,
        link=reverse("admin:accounts_rolechangerequest_change", args=[change.pk]),
    ))
    if owner is not None:
        transaction.on_commit(lambda: notify(
            people=[owner], key=f"change-request:{change.pk}:applied",
            subject=_("您的账号权限已变更"),
            body=_("经市政协办公厅审批，您的账号已变更：%(what)s。如有疑问，请联系市政协办公厅。")
            % words,
        ))


def _words(change: RoleChangeRequest) -> dict:
    return {"by": change.requested_by, "what": str(change)}


def _detail(change: RoleChangeRequest) -> dict:
    return {"account": change.user.get_username(), "kind": str(change.get_kind_display()),
            "asked": change.asked(), "requested_by": change.requested_by.get_username()}


# --------------------------------------------------------------------------- second factor


def otp_devices_remove(*, user, by, request=None) -> int:
    """Remove the second factor of an account that is not privileged (a lost phone): its
    owner sets up a new one at the next sign-in. A privileged account's goes through
    `change_request_file` (kind REMOVE_OTP)."""
    with transaction.atomic():
        return _remove_devices(user=user, by=by, request=request)


def _remove_devices(*, user, by, request, change=None) -> int:
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    audit_record(kind=EventKind.OTP_REMOVED, request=request, user=by, obj=user,
                 detail={"devices": removed, "request": change.pk if change else None})
    transaction.on_commit(lambda: notify(
        people=[user], key=f"otp-removed:{user.pk}:{timezone.now().timestamp()}",
        subject=_("您的动态口令设备已被删除"),
        body=_("您的账号（%(username)s）的动态口令设备已被删除，下次登录时须重新绑定。"
               "如非您本人申请，请立即联系市政协办公厅。") % {"username": user.get_username()},
    ))
    return removed


# --------------------------------------------------------------------------- passwords


@transaction.atomic
def password_set_by_other(*, user, by, request=None) -> None:
    """Someone else set this account's password: its owner must replace it at the next
    sign-in (so that the one who set it no longer knows it) and hears of it."""
    user.must_change_password = True
    user._history_user = by
    user.save(update_fields=["must_change_password"])
    event = audit_record(kind=EventKind.PASSWORD_SET, request=request, user=by, obj=user)
    words = {"username": user.get_username(),
             "when": timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M")}
    transaction.on_commit(lambda: notify(
        people=[user], key=f"password-set:{event.pk}", subject=_("您的登录密码已被重置"),
        body=_("您的账号（%(username)s）的登录密码已于%(when)s由系统管理员重新设置，"
               "下次登录时须修改密码。如非您本人申请，请立即联系市政协办公厅。") % words,
    ))


# --------------------------------------------------------------------------- console


@transaction.atomic
def role_grant_at_console(*, user, asked: dict, operator: str) -> None:
    """`manage.py grant_role`: a new installation's first municipal-office accounts, or an
    installation left with no second person to approve. Whoever has the server's console
    has the database anyway; the grant is recorded all the same."""
    _check_role_change(user, asked)
    for name, value in asked.items():
        setattr(user, name, value)
    user.save()
    audit_record(kind=EventKind.PRIVILEGE_APPROVED, username=operator, obj=user, detail={
        "account": user.get_username(), "asked": role_text(user.role, user), "via": "console",
    })
