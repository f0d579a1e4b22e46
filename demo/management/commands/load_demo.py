"""Fill an empty database with a demo: members, workrooms, one login per role, and each
app's year of work (duty records, reception plans, the ledger, inspections and a report).

Each step is ``load(*, rng, stdout)`` in a module of this app; a new one is one more line in
DEMO_STEPS. Steps run in this order, in one transaction, each with its own seeded generator,
and only when the database holds no members and no workrooms yet, so running the command
twice never duplicates anything.
"""

import random
import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings

from accounts.models import User
from demo import duty, foundation, ledger, reception_days, yearly_reports
from demo.foundation import DEMO_LOGINS
from members.models import Member
from workrooms.models import Workroom

# (name, step): each step's generator is seeded with its name, so adding a step never
# changes the data of another.
DEMO_STEPS = [
    ("places", foundation.load_places),
    ("logins", foundation.load_logins),
    ("members", foundation.load_members),
    ("workrooms", foundation.load_workrooms),
    ("constituents", foundation.load_constituents),
    ("duty records", duty.load),
    ("reception days", reception_days.load),
    ("ledger", ledger.load),
    ("yearly reports", yearly_reports.load),
]
SEED = 20260315
MEMORY_MAIL = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = "在空数据库中加载演示数据（委员、工作室、各角色登录账号），并打印登录账号。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug", action="store_true",
            help="DEBUG 关闭时也加载（演示账号密码公开，切勿用于正式环境）。",
        )
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000",
            help="打印登录地址时使用的站点地址（make run 传入 HOST 与 PORT）。",
        )

    def handle(self, *args, allow_without_debug=False, url="http://127.0.0.1:8000", **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "DEBUG 已关闭，疑为正式环境：演示账号的密码是公开的，拒绝加载。"
                "确需加载请加 --allow-without-debug。"
            )
        if Member.objects.exists() or Workroom.objects.exists():
            self.stdout.write("数据库中已有委员或工作室，演示数据不重复加载。")
        else:
            self._load()
        self.stdout.write(login_table(url))

    def _load(self) -> None:
        self.stdout.write("加载演示数据：")
        # Notices the demo triggers stay in memory: no console flood, no mail to made-up people.
        with override_settings(EMAIL_BACKEND=MEMORY_MAIL), transaction.atomic():
            for name, step in DEMO_STEPS:
                step(rng=random.Random(f"{SEED}:{name}"), stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据加载完成。"))


def login_table(url: str = "http://127.0.0.1:8000") -> str:
    """The demo logins, aligned for a terminal (Chinese characters are two columns wide)."""
    users = {user.username: user for user in User.objects.filter(
        username__in=[login.username for login in DEMO_LOGINS]
    )}
    rows = [("角色", "用户名", "初始密码", "范围")]
    for login in DEMO_LOGINS:
        user = users.get(login.username)
        if user is None:
            continue
        password = login.password if user.must_change_password else "（已由用户修改）"
        rows.append((user.get_role_display(), login.username, password, login.scope))
    widths = [max(_width(row[col]) for row in rows) for col in range(4)]
    lines = ["", f"演示登录账号（首次登录须修改密码）：  {url.rstrip('/')}/login/"]
    for row in rows:
        cells = (_pad(cell, width) for cell, width in zip(row, widths, strict=True))
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _pad(text: str, width: int) -> str:
    return str(text) + " " * (width - _width(text))
