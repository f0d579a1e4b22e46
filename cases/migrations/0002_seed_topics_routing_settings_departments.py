"""Starting rows staff then edit in the admin.

Topics: common categories of what residents raise at reception days. Routing settings:
the documents give no due times or clustering numbers, so every value is a local
setting (本地设置). Departments: each district's petition office (规范 第十三条（三））
and the functional departments most cases go to; staff add their towns' own offices.
"""

from django.db import migrations

TOPICS = [
    "城市建设与管理", "交通出行", "环境保护与卫生", "物业管理与老旧小区改造", "住房保障",
    "教育", "医疗卫生", "养老服务", "就业与社会保障", "社区治理与服务", "治安与安全",
    "市场监管与消费维权", "劳动关系", "文化体育", "营商环境", "其他",
]

SETTINGS = [
    ("due_registered", 2, "本地设置：登记后由工作人员选择办理途径的时限。"),
    ("due_awaiting_instruction", 3, "本地设置：规范 第十三条（二）未规定批示时限。"),
    ("due_with_town_office", 10, "本地设置：规范 第十三条（二）未规定办理时限。"),
    ("due_with_district_department", 15, "本地设置：规范 第十三条（二）未规定办理时限。"),
    ("due_with_petition_office", 40, "本地设置：按信访部门有关规定办理，此处仅用于跟踪提醒。"),
    ("due_awaiting_feedback", 5, "本地设置：规范 第十三条（三）要求反馈，未规定时限。"),
    ("due_member_researching", 30, "本地设置：规范 第十三条（四）未规定调研时限。"),
    ("cluster_threshold_town", 3, "本地设置：文件未规定“集中”的件数。"),
    ("cluster_threshold_district", 5, "本地设置：文件未规定“集中”的件数。"),
    ("cluster_window_days", 30, "本地设置：统计最近多少个自然日内的诉求。"),
]

DISTRICT_DEPARTMENTS = [
    ("petition_office", "信访局"),
    ("district_department", "住房和城乡建设局"),
    ("district_department", "城市管理和综合执法局"),
    ("district_department", "卫生健康局"),
    ("district_department", "教育局"),
    ("district_department", "民政局"),
    ("district_department", "人力资源和社会保障局"),
    ("district_department", "市场监督管理局"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("cases", "Topic")
    RoutingSetting = apps.get_model("cases", "RoutingSetting")
    Department = apps.get_model("cases", "Department")
    District = apps.get_model("regions", "District")
    for position, name in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(name=name, defaults={"position": position})
    for key, value, basis in SETTINGS:
        RoutingSetting.objects.get_or_create(
            key=key, defaults={"value": value, "is_local_setting": True, "basis": basis}
        )
    for district in District.objects.all():
        for kind, name in DISTRICT_DEPARTMENTS:
            Department.objects.get_or_create(
                district=district, town=None, name=name, defaults={"kind": kind}
            )


def unseed(apps, schema_editor):
    apps.get_model("cases", "Department").objects.filter(
        town=None, name__in=[name for _, name in DISTRICT_DEPARTMENTS]
    ).delete()
    apps.get_model("cases", "RoutingSetting").objects.filter(
        key__in=[key for key, _, _ in SETTINGS]
    ).delete()
    apps.get_model("cases", "Topic").objects.filter(name__in=TOPICS).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial"), ("regions", "0002_load_guangzhou_divisions")]
    operations = [migrations.RunPython(seed, unseed)]
