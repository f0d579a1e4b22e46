"""python manage.py import_roster members|workrooms PATH [--user USERNAME] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from members.resources import MemberResource
from members.services import roster_import
from workrooms.resources import WorkroomResource

ROSTERS = {"members": MemberResource, "workrooms": WorkroomResource}


class Command(BaseCommand):
    help = "导入委员或工作室名册（.xlsx 或 .csv）：全部成功才写入，否则列出每一行的错误。"

    def add_arguments(self, parser):
        parser.add_argument("roster", choices=sorted(ROSTERS))
        parser.add_argument("path")
        parser.add_argument(
            "--user",
            help="以该用户的身份和范围导入（区政协工作人员只能导入本区）；不填为系统导入。",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不导入。")

    def handle(self, *args, roster, path, user=None, dry_run=False, **options):
        by = self._user(user)
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(f"找不到文件：{path}")
        with file_path.open("rb") as file:
            report = roster_import(
                resource_class=ROSTERS[roster], file=file, file_name=file_path.name, by=by,
                dry_run=dry_run,
            )
        for line in report.lines():
            self.stderr.write(line)
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def _user(self, username):
        if not username:
            return None
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"没有这个用户：{username}") from None
