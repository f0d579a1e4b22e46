"""Addresses (which may be a visitor's phone number) and SMS numbers encrypted at rest
(issue 7 item 4); a keyed digest of the address takes its place in the once-per-event
constraint. Existing rows are converted in place (reversible)."""

import privacy.fields
from django.conf import settings
from django.db import migrations, models

from privacy.crypto import keyed_hash
from privacy.migration_helpers import encrypt_existing


def digest_addresses(apps, schema_editor):
    Message = apps.get_model("notices", "Message")
    for pk, address in Message.objects.exclude(address="").values_list("pk", "address").iterator():
        Message.objects.filter(pk=pk).update(address_digest=keyed_hash(address))


class Migration(migrations.Migration):

    dependencies = [
        ("notices", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="message",
            name="notices_message_once_per_event",
        ),
        migrations.AddField(
            model_name="message",
            name="address_digest",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="地址摘要"),
        ),
        migrations.RunPython(digest_addresses, migrations.RunPython.noop),
        migrations.AlterField("message", "address", models.TextField(blank=True)),
        migrations.AlterField("smsoutbox", "phone", models.TextField()),
        encrypt_existing("notices", "message", ["address"]),
        encrypt_existing("notices", "smsoutbox", ["phone"]),
        migrations.AlterField(
            model_name="message",
            name="address",
            field=privacy.fields.EncryptedTextField(blank=True, max_length=254, verbose_name="地址"),
        ),
        migrations.AlterField(
            model_name="smsoutbox",
            name="phone",
            field=privacy.fields.EncryptedTextField(max_length=20, verbose_name="手机号码"),
        ),
        migrations.AddConstraint(
            model_name="message",
            constraint=models.UniqueConstraint(fields=("key", "channel", "recipient_name", "address_digest"), name="notices_message_once_per_event", violation_error_message="同一事件的消息不重复发送。"),
        ),
    ]
