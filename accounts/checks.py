"""`check --deploy` refuses a deployment whose logins are not protected, whatever settings
module it runs (config/settings/production.py refuses the same at start-up)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def logins_are_protected(app_configs, **kwargs):
    problems = []
    if not settings.AXES_ENABLED:
        problems.append(Error(
            "AXES_ENABLED=false：登录失败不会锁定账号。",
            hint="正式环境必须启用 django-axes（5 次失败锁定 30 分钟）。", id="accounts.E001",
        ))
    if settings.SESSION_COOKIE_AGE > settings.SESSION_COOKIE_AGE_MAX:
        problems.append(Error(
            f"SESSION_COOKIE_AGE={settings.SESSION_COOKIE_AGE} 超过 8 小时。",
            hint="空闲会话应在 30 分钟（1800 秒）后结束，最长不超过 8 小时。", id="accounts.E002",
        ))
    if settings.SECURE_PROXY_SSL_HEADER and not settings.TRUSTED_PROXY_COUNT:
        problems.append(Warning(
            "信任反向代理的 X-Forwarded-Proto，但 TRUSTED_PROXY_COUNT=0：所有访问者的地址都是"
            "代理的地址，一个人的登录失败会锁住所有人，审计记录也只有代理的地址。",
            hint="在一层反向代理之后设置 TRUSTED_PROXY_COUNT=1。", id="accounts.W001",
        ))
    return problems


@register(Tags.security)
def someone_can_sign_in(app_configs, **kwargs):
    """With every sign-in method off nobody reaches the platform, the administrators
    included: said at every start, before anyone finds out at the login page."""
    from .oidc import enabled_methods

    if enabled_methods():
        return []
    return [Warning(
        "所有登录方式均已关闭（PASSWORD_SIGN_IN、OIDC_SIGN_IN 等均为 false）：包括管理员在内，"
        "没有人能登录本平台。",
        hint="至少开启一种登录方式，例如 PASSWORD_SIGN_IN=true。", id="accounts.W002",
    )]
