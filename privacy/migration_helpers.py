"""Turning existing plain columns into encrypted ones, reversibly, inside a migration.

The migration first makes the column a plain `TextField` (room for a token), then runs
`encrypt_existing(...)`, then switches the field to `EncryptedTextField` (same column):

    migrations.AlterField("visitor", "phone", models.TextField(blank=True)),
    encrypt_existing("cases", "visitor", ["name", "phone", "address"]),
    migrations.AlterField("visitor", "phone", EncryptedTextField(max_length=20, ...)),

Backwards it decrypts. Values already encrypted (or still plain, backwards) are left, so a
half-run migration can be run again.
"""

from __future__ import annotations

from django.db import migrations

from .crypto import decrypt, encrypt, looks_encrypted

BATCH = 1000


def _convert(apps, app_label: str, model_name: str, fields: list[str], forwards: bool) -> None:
    model = apps.get_model(app_label, model_name)
    rows = model._base_manager.order_by("pk").values_list("pk", *fields)
    for start in range(0, rows.count(), BATCH):
        for pk, *values in list(rows[start:start + BATCH]):
            changed = {
                name: encrypt(value) if forwards else decrypt(value)
                for name, value in zip(fields, values, strict=True)
                if value and looks_encrypted(value) != forwards
            }
            if changed:
                model._base_manager.filter(pk=pk).update(**changed)


def encrypt_existing(app_label: str, model_name: str, fields: list[str]) -> migrations.RunPython:
    def forwards(apps, schema_editor):
        _convert(apps, app_label, model_name, fields, forwards=True)

    def backwards(apps, schema_editor):
        _convert(apps, app_label, model_name, fields, forwards=False)

    return migrations.RunPython(forwards, backwards, elidable=False)
