from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库（全部记录）和上传文件到一个文件夹（见 docs/backup.md）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="备份写入的文件夹")
        parser.add_argument(
            "--pg-dump", action="store_true",
            help="在 PostgreSQL 上另存一份 pg_dump 自定义格式文件",
        )

    def handle(self, *args, output, pg_dump, **options):
        # The audit event is written by backup_create itself, so the backup holds it.
        try:
            manifest = backup_create(output=output, pg_dump=pg_dump)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(self.style.SUCCESS(f"已备份 {rows} 条记录到 {output}"))
