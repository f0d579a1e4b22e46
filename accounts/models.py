from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import LimitedTextField

from .choices import RequestKind, RequestStatus, Role
from .permissions import works_in_admin
from .scoping import sees_everything


class UserQuerySet(models.QuerySet):
    def district_staff(self, district_id: int):
        """A district's active staff: who is told of what happens in the district."""
        return self.filter(role=Role.DISTRICT, district_id=district_id, is_active=True)

    def for_user(self, user):
        """User administrators manage every login but the auditors' and the emergency
        superusers' (三员分立: those change only through a RoleChangeRequest); everyone
        else sees only themself."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.role == Role.USER_ADMIN:
            return self.exclude(role=Role.AUDITOR).exclude(is_superuser=True)
        return self.filter(pk=user.pk)

    def assignable_by(self, user):
        """The logins a staff user may pick (as a clerk, a handler): those of their own area."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role == Role.CITY:
            return self.filter(is_active=True)
        if user.role == Role.DISTRICT:
            return self.filter(is_active=True, district_id=user.district_id)
        if user.role == Role.TOWN:
            return self.filter(is_active=True, town_id=user.town_id)
        return self.filter(pk=user.pk)


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A login. Its role and the place it is attached to decide what it sees."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, blank=True)
    district = models.ForeignKey(
        "regions.District", verbose_name=_("所属区"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="staff",
    )
    town = models.ForeignKey(
        "regions.Town", verbose_name=_("所属镇（街）"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="staff",
    )
    committee = models.ForeignKey(
        "members.Committee", verbose_name=_("所属专门委员会"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="staff",
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    # 粤政易 (WeChat Work) UserID: its owner signs in through 粤政易 without a password and
    # receives its text cards (accounts/wecom.py, notices). One id, one account; WeChat Work
    # itself ignores case in ids, so does the constraint.
    wecom_userid = models.CharField(
        _("粤政易账号"), max_length=64, null=True, blank=True,
        validators=[RegexValidator(
            r"^[A-Za-z0-9][A-Za-z0-9_\-@.]{0,63}$",
            _("粤政易账号由字母、数字和 _ - @ . 组成，"
              "以字母或数字开头，不超过64个字符。"),
        )],
        help_text=_("本人在粤政易（企业微信）通讯录中的账号。"
                    "绑定后可通过粤政易登录、接收粤政易消息。"),
    )
    must_change_password = models.BooleanField(
        _("下次登录须修改密码"), default=False,
        help_text=_("演示账号和导入账号首次登录时必须修改密码。"),
    )

    objects = ScopedUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(
                Lower("wecom_userid"), name="%(app_label)s_%(class)s_one_account_per_wecom_id",
                violation_error_message=_("该粤政易账号已绑定其他账号。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_district_staff_has_district",
                condition=~Q(role=Role.DISTRICT) | Q(district__isnull=False),
                violation_error_message=_("区政协工作人员必须指定所属区。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_town_lead_has_town",
                condition=~Q(role=Role.TOWN) | Q(town__isnull=False),
                violation_error_message=_("镇（街）负责人必须指定所属镇（街）。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_committee_staff_has_committee",
                condition=~Q(role=Role.COMMITTEE) | Q(committee__isnull=False),
                violation_error_message=_("专门委员会工作人员必须指定所属专门委员会。"),
            ),
        ]

    def __str__(self):
        return self.display_name or self.username

    @property
    def sees_everything(self) -> bool:
        return sees_everything(self)

    def clean(self):
        super().clean()
        rooms = self.clerk_of_other_towns()
        if rooms:
            raise ValidationError(_(
                "该账号是工作室“%(rooms)s”的工作人员，工作室工作人员只能是本镇（街）的“工作室工作人员”"
                "账号：请先由区政协工作人员为这些工作室另选工作人员，再修改其角色或所属镇（街）。"
            ) % {"rooms": "、".join(rooms)})

    def clerk_of_other_towns(self) -> list[str]:
        """The workrooms this login is the clerk of but, with its role and town as they now
        stand, may not be (workrooms.Workroom.clerk_problem): a role or town changed while
        clerk would keep reading those visitors' personal data in full."""
        if self.pk is None:
            return []
        rooms = self.clerked_workrooms.all()
        if self.role == Role.CLERK:
            rooms = rooms.exclude(town_id=self.town_id)
        return [room.name for room in rooms.order_by("pk")[:20]]

    def save(self, *args, **kwargs):
        self.is_staff = self.is_superuser or works_in_admin(self.role)
        self.wecom_userid = (self.wecom_userid or "").strip() or None  # none is no id
        super().save(*args, **kwargs)


class RoleChangeRequestQuerySet(models.QuerySet):
    def for_user(self, user):
        """All requests for whoever may read them (the user administrator files, the
        municipal office decides, the auditor reads); none for anyone else."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self if user.has_perm("accounts.view_rolechangerequest") else self.none()

    def pending(self):
        return self.filter(status=RequestStatus.PENDING)


class RoleChangeRequest(models.Model):
    """A change that takes a second person (三员分立): granting, changing or removing a
    privileged role (accounts.permissions.PRIVILEGED_ROLES), or removing such an account's
    second factor. Nothing changes until a member of the municipal office other than the
    requester and the account's owner approves it (accounts.services)."""

    user = models.ForeignKey(
        User, verbose_name=_("账号"), on_delete=models.PROTECT, related_name="change_requests",
    )
    kind = models.CharField(
        _("申请事项"), max_length=16, choices=RequestKind.choices, default=RequestKind.ROLE,
    )
    role = models.CharField(
        _("申请角色"), max_length=16, choices=Role.choices, blank=True,
        help_text=_("留空表示撤销该账号的角色。"),
    )
    district = models.ForeignKey(
        "regions.District", verbose_name=_("所属区"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    town = models.ForeignKey(
        "regions.Town", verbose_name=_("所属镇（街）"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    committee = models.ForeignKey(
        "members.Committee", verbose_name=_("所属专门委员会"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    before = models.CharField(_("申请时的角色与范围"), max_length=200, blank=True, editable=False)
    reason = LimitedTextField(_("申请理由"), max_length=1000, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User, verbose_name=_("审批人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)

    objects = RoleChangeRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("特权变更申请")
        verbose_name_plural = _("特权变更申请")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], condition=Q(status=RequestStatus.PENDING),
                name="%(app_label)s_%(class)s_one_pending_per_kind",
                violation_error_message=_("该账号已有一项同类申请等待审批，请等待审批结果。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_not_for_oneself",
                condition=~Q(requested_by=F("user")),
                violation_error_message=_("不能为自己的账号提交特权变更申请。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_decided_by_a_second_person",
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=F("requested_by")) & ~Q(decided_by=F("user"))),
                violation_error_message=_("申请须由申请人和账号本人以外的人审批。"),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_decided_when_not_pending",
                condition=Q(status=RequestStatus.PENDING, decided_by__isnull=True,
                            decided_at__isnull=True)
                | (~Q(status=RequestStatus.PENDING) & Q(decided_by__isnull=False,
                                                        decided_at__isnull=False)),
                violation_error_message=_("已审批的申请须记录审批人和审批时间。"),
            ),
        ]

    def __str__(self):
        return f"{self.user}：{self.asked()}"

    def asked(self) -> str:
        """The change asked, as the approver reads it."""
        if self.kind == RequestKind.REMOVE_OTP:
            return str(_("删除全部动态口令设备"))
        return f"{self.before or _('无角色')} → {role_text(self.role, self)}"


def role_text(role: str, scoped) -> str:
    """A role with the place it is attached to: 区政协工作人员（越秀区）."""
    if not role:
        return str(_("无角色"))
    places = [str(p) for p in (scoped.town or scoped.district, scoped.committee) if p]
    label = str(Role(role).label)
    return f"{label}（{'、'.join(places)}）" if places else label


class Heartbeat(models.Model):
    """When a periodic process last showed it was alive (read by /healthz)."""

    name = models.CharField(_("名称"), max_length=32, unique=True)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("心跳")
        verbose_name_plural = _("心跳")

    def __str__(self):
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"


class FormSubmission(models.Model):
    """A creating form that was submitted: its instance's token, and what it created.

    Each creating form carries a hidden token made when the form was shown (`accounts.once`).
    The token is written in the same transaction as what the form creates, under a unique
    key, so a second submission of that form (Back then save, a double tap, two tabs) finds
    the first one's result instead of creating the same thing again."""

    token = models.UUIDField(_("表单标识"), primary_key=True)
    at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    by = models.ForeignKey(
        User, verbose_name=_("提交人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("表单提交")
        verbose_name_plural = _("表单提交")

    def __str__(self):
        return str(self.token)

    @property
    def result(self):
        if self.content_type_id is None:
            return None
        return self.content_type.get_object_for_this_type(pk=self.object_id)


class IdentityLink(models.Model):
    """Which account a subject (`sub`) of the province's unified identity (统一身份认证,
    OpenID Connect) signs in to: one subject, one account, and one subject an account.

    Made by the user themself after a normal sign-in (我的统一身份), or by the user
    administrator in the admin for accounts outside the privileged roles (三员分立: no
    administrator binds an identity they may hold to a privileged account). A subject with no
    link is refused, never given a new account (accounts.oidc)."""

    user = models.OneToOneField(
        User, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="identity_link",
    )
    issuer = models.CharField(_("认证平台标识"), max_length=200)
    subject = models.CharField(_("统一身份标识"), max_length=255)
    linked_by = models.ForeignKey(
        User, verbose_name=_("绑定人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    linked_at = models.DateTimeField(_("绑定时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近登录"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("统一身份绑定")
        verbose_name_plural = _("统一身份绑定")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"],
                name="%(app_label)s_%(class)s_unique_subject",
                violation_error_message=_("该统一身份已绑定其他账号。"),
            ),
        ]

    def __str__(self):
        return f"{self.user} ← {self.subject}"
