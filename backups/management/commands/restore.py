from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, backup_restore


class Command(BaseCommand):
    help = "从 backup 命令生成的文件夹恢复数据库和上传文件（见 docs/backup.md）。"

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, type=Path, help="备份所在的文件夹")
        parser.add_argument("--replace", action="store_true",
                            help="清空现有数据后恢复（数据库中已有账号时必须指定；审计记录保留）")

    def handle(self, *args, **options):
        # The audit event is written by backup_restore, in the restore's own transaction.
        source, replace = options["input"], options["replace"]
        try:
            manifest = backup_restore(source=source, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        created = manifest["created_at"]
        self.stdout.write(self.style.SUCCESS(f"已恢复 {rows} 条记录（备份时间 {created}）"))
