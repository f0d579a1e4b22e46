"""After putting a new key first in FIELD_ENCRYPTION_KEY: re-encrypt every encrypted value
with it; then the old key can be removed from the list."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from privacy.fields import EncryptedTextField


def encrypted_fields():
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names


class Command(BaseCommand):
    help = "用 FIELD_ENCRYPTION_KEY 的第一个密钥重新加密全部个人信息（轮换密钥后运行）。"

    def handle(self, *args, **options):
        for model, names in encrypted_fields():
            count = 0
            rows = model._base_manager.only("pk", *names).order_by("pk")
            for chunk_start in range(0, rows.count(), 500):
                with transaction.atomic():
                    for row in rows[chunk_start:chunk_start + 500]:
                        values = {name: getattr(row, name) for name in names}
                        model._base_manager.filter(pk=row.pk).update(**values)
                        count += 1
            self.stdout.write(f"{model._meta.label}: {count}")
