"""Visitors' name, phone and address encrypted at rest (issue 7 item 4); when consent was
given; when the record was anonymised. Existing rows are encrypted in place (reversible)."""

import members.validators
import privacy.fields
from django.db import migrations, models

from privacy.migration_helpers import encrypt_existing

PERSONAL = ["name", "phone", "address"]


def consent_time_from_registration(apps, schema_editor):
    """Consent given before this field existed was given when the visitor was registered."""
    Visitor = apps.get_model("cases", "Visitor")
    Visitor.objects.filter(consent_to_contact=True, consent_recorded_at=None).update(
        consent_recorded_at=models.F("created_at")
    )


def relabel_messages(apps, schema_editor):
    """Outcome messages named the visitor (notices.Message.recipient_name, plain text):
    from now on they say 来访群众 #id."""
    Visitor = apps.get_model("cases", "Visitor")
    Case = apps.get_model("cases", "Case")
    Message = apps.get_model("notices", "Message")
    for visitor in Visitor.objects.exclude(name="").iterator():
        keys = [f"case:{pk}:outcome" for pk in
                Case.objects.filter(visitor_id=visitor.pk).values_list("pk", flat=True)]
        Message.objects.filter(recipient=None, recipient_name=visitor.name, key__in=keys).update(
            recipient_name=f"来访群众 #{visitor.pk}"
        )


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0002_seed_topics_routing_settings_departments"),
        ("notices", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="visitor",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, help_text="保存期限届满后姓名、电话、住址已清除（cases.retention）。", null=True, verbose_name="匿名化时间"),
        ),
        migrations.AddField(
            model_name="visitor",
            name="consent_recorded_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="同意时间"),
        ),
        migrations.RunPython(consent_time_from_registration, migrations.RunPython.noop),
        *[migrations.AlterField("visitor", name, models.TextField(blank=True)) for name in PERSONAL],
        encrypt_existing("cases", "visitor", PERSONAL),
        migrations.AlterField(
            model_name="visitor",
            name="address",
            field=privacy.fields.EncryptedTextField(blank=True, max_length=200, verbose_name="住址"),
        ),
        migrations.AlterField(
            model_name="visitor",
            name="name",
            field=privacy.fields.EncryptedTextField(blank=True, max_length=50, verbose_name="姓名"),
        ),
        migrations.AlterField(
            model_name="visitor",
            name="phone",
            field=privacy.fields.EncryptedTextField(blank=True, max_length=20, validators=[members.validators.validate_phone], verbose_name="联系电话"),
        ),
        migrations.RunPython(relabel_messages, migrations.RunPython.noop),
    ]
