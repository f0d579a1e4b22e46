"""Every case registered before receipts existed gets its random receipt number (the rule
of cases.receipt), and the one-time codes of the public status page get their table."""

import django.db.models.deletion
from django.db import migrations, models

from cases.receipt import receipt_no_new

BATCH = 2000


def number_existing_cases(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    taken = set(Case.objects.exclude(receipt_no=None).values_list("receipt_no", flat=True))
    while True:
        batch = list(Case.objects.filter(receipt_no=None).only("pk").order_by("pk")[:BATCH])
        if not batch:
            return
        for case in batch:
            case.receipt_no = receipt_no_new(taken.__contains__)
            taken.add(case.receipt_no)
        Case.objects.bulk_update(batch, ["receipt_no"])


def unnumber_cases(apps, schema_editor):
    apps.get_model("cases", "Case").objects.update(receipt_no=None)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0019_reopen_and_record_callback_permissions'),
    ]

    operations = [
        migrations.CreateModel(
            name='StatusCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('digest', models.CharField(editable=False, max_length=64, verbose_name='验证码摘要')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='发送时间')),
                ('expires_at', models.DateTimeField(verbose_name='失效时间')),
                ('used_at', models.DateTimeField(blank=True, null=True, verbose_name='使用时间')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.case', verbose_name='群众诉求')),
            ],
            options={
                'verbose_name': '查询验证码',
                'verbose_name_plural': '查询验证码',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['case', 'created_at'], name='cases_statu_case_id_c76fea_idx')],
            },
        ),
        migrations.RunPython(number_existing_cases, unnumber_cases),
    ]
