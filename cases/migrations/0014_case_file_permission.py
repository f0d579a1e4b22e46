from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0013_case_route_instruct_and_visitor_unmask_permissions"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="case",
            options={
                "ordering": ["-raised_on", "-pk"],
                "permissions": [
                    ("void_case", "作废群众诉求"),
                    ("route_case", "分办、转办、办结群众诉求（规范 第十三条）"),
                    ("instruct_case", "录入镇（街）主要负责人的批示（规范 第十三条）"),
                    ("file_case",
                     "委员就交其调研的诉求提交提案或社情民意信息并办结（规范 第十三条（四））"),
                ],
                "verbose_name": "群众诉求",
                "verbose_name_plural": "群众诉求",
            },
        ),
    ]
