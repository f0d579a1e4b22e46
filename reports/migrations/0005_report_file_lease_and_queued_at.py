import uuid

from django.db import migrations, models
from django.utils import timezone


def expire_running_builds(apps, schema_editor):
    """Builds left running before leases existed get one that has already expired, so the
    sweeper sends them again (their worker is long gone)."""
    ReportFile = apps.get_model("reports", "ReportFile")
    for pk in ReportFile.objects.filter(status="running").values_list("pk", flat=True):
        ReportFile.objects.filter(pk=pk).update(lease=uuid.uuid4(), lease_until=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0004_limit_free_text_length'),
    ]

    operations = [
        migrations.AddField(
            model_name='reportfile',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0, help_text='本次申请以来开始生成的次数（中断后自动重试）。', verbose_name='生成次数'),
        ),
        migrations.AddField(
            model_name='reportfile',
            name='lease',
            field=models.UUIDField(blank=True, editable=False, null=True, verbose_name='生成租约'),
        ),
        migrations.AddField(
            model_name='reportfile',
            name='lease_until',
            field=models.DateTimeField(blank=True, help_text='生成中的任务定期续约；过期即视为中断，自动重新排队。', null=True, verbose_name='租约到期'),
        ),
        migrations.AddField(
            model_name='reportfile',
            name='queued_at',
            field=models.DateTimeField(blank=True, help_text='为空：申请时任务队列不可用，恢复后由定时任务自动补交。', null=True, verbose_name='交给任务队列时间'),
        ),
        migrations.RunPython(expire_running_builds, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='reportfile',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'running'), _negated=True), models.Q(('lease__isnull', False), ('lease_until__isnull', False)), _connector='OR'), name='reports_reportfile_running_holds_a_lease', violation_error_message='生成中的文件须有生成租约。'),
        ),
    ]
