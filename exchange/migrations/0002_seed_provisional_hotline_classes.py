"""Starting rows of the hotline classification table (热线分类对应), which staff then edit.

Which codes: one class per topic seeded in cases 0002, named as 12345 hotlines commonly name
their classes. Where from: the class names follow the topics; the codes 990101–990116 are
PROVISIONAL placeholders, not codes of the national standard 《政府热线服务分类与代码》
(GB/T 39666-2020), whose text could not be checked when this was written. Every row is
seeded as not verified (已核对国家标准原文 unticked); staff replace the codes and names with
the standard's (or Guangdong's DB44/T 2479-2024) in the admin, where each change is kept.
"""

from django.db import migrations
from django.utils import timezone

BASIS = "暂定代码：未能核对国家标准原文，请按标准文本改正后勾选“已核对”。"

# (provisional code, hotline class name, topic of cases 0002)
CLASSES = [
    ("990101", "城乡建设与管理", "城市建设与管理"),
    ("990102", "交通出行", "交通出行"),
    ("990103", "生态环境与市容环卫", "环境保护与卫生"),
    ("990104", "物业管理与老旧小区改造", "物业管理与老旧小区改造"),
    ("990105", "住房保障", "住房保障"),
    ("990106", "教育", "教育"),
    ("990107", "卫生健康", "医疗卫生"),
    ("990108", "养老服务", "养老服务"),
    ("990109", "就业与社会保障", "就业与社会保障"),
    ("990110", "社区治理与服务", "社区治理与服务"),
    ("990111", "公共安全", "治安与安全"),
    ("990112", "市场监管与消费维权", "市场监管与消费维权"),
    ("990113", "劳动关系", "劳动关系"),
    ("990114", "文化旅游体育", "文化体育"),
    ("990115", "营商环境", "营商环境"),
    ("990116", "其他", "其他"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("cases", "Topic")
    Mapping = apps.get_model("exchange", "ServiceMapping")
    History = apps.get_model("exchange", "HistoricalServiceMapping")
    for code, name, topic_name in CLASSES:
        topic = Topic.objects.filter(name=topic_name).first()
        if topic is None:  # a topic staff renamed or removed is mapped by hand
            continue
        row, created = Mapping.objects.get_or_create(
            code=code, defaults={"name": name, "topic": topic, "basis": BASIS}
        )
        if created:  # the seeded version is the first of its history, as an edit would be
            History.objects.create(
                id=row.pk, code=code, name=name, topic=topic, description="", verified=False,
                basis=BASIS, active=True, history_date=timezone.now(), history_type="+",
                history_change_reason="初始数据（暂定代码）",
            )


def unseed(apps, schema_editor):
    Mapping = apps.get_model("exchange", "ServiceMapping")
    Mapping.objects.filter(code__in=[c for c, _n, _t in CLASSES], orders=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
        ("cases", "0002_seed_topics_routing_settings_departments"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
