"""python manage.py plan_receptions --year 2027 [--district 越秀区]

Creates or refreshes the yearly reception plan (规范 第九条) and prints it as CSV:
workroom, nominal date, actual date, reason, and what refreshing did. Warnings (a year
the holiday calendar does not cover, receptions left alone because their notice is out)
go to stderr.
"""

import csv

from django.core.management.base import BaseCommand, CommandError

from documents.xlsx import safe_cell
from receptions.services import reception_plan_year
from regions.models import District


class Command(BaseCommand):
    help = "生成或刷新年度接待计划（规范 第九条），以 CSV 输出。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2027")
        parser.add_argument("--district", default="", help="区名称，如 越秀区；不填为全市")

    def handle(self, *args, year, district, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度 {year} 不在 2000—2100 之间。")
        where = None
        if district:
            where = District.objects.filter(name=district).first()
            if where is None:
                raise CommandError(f"找不到名为“{district}”的区。")
        result = reception_plan_year(year=year, district=where)
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["工作室", "规定日期", "实际日期", "顺延原因", "处理结果"])
        for row in result.rows:
            writer.writerow(  # names may come from imports: no formulas in a CSV
                [safe_cell(value) for value in [
                    row.workroom.name,
                    row.nominal_date.isoformat(),
                    row.date.isoformat(),
                    row.reason,
                    row.action.label,
                ]]
            )
        for warning in result.warnings:
            self.stderr.write(f"注意：{warning}")
        self.stderr.write(result.summary())
