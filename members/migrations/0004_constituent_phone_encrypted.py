"""Constituents' (界别群众, the public) phone numbers encrypted at rest, in the history table
too (issue 7 item 4). Existing rows are encrypted in place (reversible)."""

import members.validators
import privacy.fields
from django.db import migrations, models

from privacy.migration_helpers import encrypt_existing

ENCRYPTED = privacy.fields.EncryptedTextField(
    blank=True, max_length=20, validators=[members.validators.validate_phone],
    verbose_name="联系电话",
)


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0003_import_run"),
    ]

    operations = [
        migrations.AlterField("constituent", "phone", models.TextField(blank=True)),
        migrations.AlterField("historicalconstituent", "phone", models.TextField(blank=True)),
        encrypt_existing("members", "constituent", ["phone"]),
        encrypt_existing("members", "historicalconstituent", ["phone"]),
        migrations.AlterField("constituent", "phone", ENCRYPTED.clone()),
        migrations.AlterField("historicalconstituent", "phone", ENCRYPTED.clone()),
    ]
