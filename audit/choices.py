from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """What an audit event records (等级保护 三级: 安全审计)."""

    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKOUT = "lockout", _("账号锁定")
    UNLOCK = "unlock", _("解除锁定")
    LOGOUT = "logout", _("退出")
    OTP_ENROLLED = "otp_enrolled", _("绑定动态口令")
    OTP_VERIFIED = "otp_verified", _("动态口令验证")
    OTP_FAILED = "otp_failed", _("动态口令错误")
    PERMISSION_DENIED = "permission_denied", _("越权访问被拒绝")
    PERSONAL_DATA_READ = "personal_data_read", _("查看未脱敏个人信息")
    EXPORT = "export", _("导出")
    DOWNLOAD = "download", _("下载")
    CHANGE = "change", _("修改记录")
    IMPORT = "import", _("导入")
    BACKUP = "backup", _("备份")
    RESTORE = "restore", _("恢复")
    PURGE = "purge", _("清理过期审计记录")
    # Who reads a workroom's visitors: its clerk in full, its town's and district's staff
    # masked (cases.privacy). Every change of the clerk or the town is recorded.
    VISITOR_ACCESS = "visitor_access", _("变更工作室来访群众信息的查看人")
    VOID = "void", _("作废记录")
    # 三员分立: privileged roles and second factors change only with a second person's consent.
    PRIVILEGE_REQUESTED = "privilege_requested", _("提交特权变更申请")
    PRIVILEGE_APPROVED = "privilege_approved", _("批准特权变更申请")
    PRIVILEGE_REFUSED = "privilege_refused", _("拒绝特权变更申请")
    PASSWORD_SET = "password_set", _("他人设置密码")
    OTP_REMOVED = "otp_removed", _("删除动态口令设备")
    # The work-order exchange (exchange app): every call of an API client, answered or refused.
    API_CALL = "api_call", _("接口调用")
    API_REFUSED = "api_refused", _("接口调用被拒绝")
    # Signing in through the province's unified identity (accounts.oidc).
    IDENTITY_REFUSED = "identity_refused", _("统一身份认证登录被拒绝")
    IDENTITY_LINKED = "identity_linked", _("绑定统一身份")
    IDENTITY_UNLINKED = "identity_unlinked", _("解除统一身份绑定")
    # The public status page: every attempt, found or not, refused or not (cases.status).
    STATUS_LOOKUP = "status_lookup", _("公开查询诉求办理进度")
