"""Every member's quota status for a year, as CSV, from the same engine as the pages."""

import csv

from django.core.management.base import BaseCommand, CommandError

from core.display import label
from documents.xlsx import safe_cell
from members.models import Member
from regions.models import District
from scoring.quotas import quota_status


class Command(BaseCommand):
    help = (
        "按年度输出委员履职指标完成情况（CSV）：委员、层级、各项指标完成数/要求、"
        "各类积分、是否未完成。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2026")
        parser.add_argument("--district", default="", help="只输出该区的委员，如 越秀区")

    def handle(self, *args, year, district, **options):
        members = Member.objects.serving_in(year)  # 规范 第五条: leavers for their part year
        if district:
            if not District.objects.filter(name=district).exists():
                raise CommandError(f"没有名为“{district}”的区。")
            members = members.filter(district__name=district)
        status = quota_status(members=members, year=year, many=True)
        writer = csv.writer(self.stdout)
        writer.writerow(self._headers(status))
        for row in status.rows:
            # Names may come from imports: no formulas in a CSV.
            writer.writerow([safe_cell(value) for value in self._line(status, row)])

    def _headers(self, status) -> list[str]:
        headers = ["委员", "层级", "所属区"]
        for rule in status.rules:
            headers += [f"{rule.label}-完成", f"{rule.label}-要求"]
        headers += [f"积分-{label}" for _value, label in status.categories]
        return headers + ["积分合计", "是否未完成"]

    def _line(self, status, row) -> list:
        member = row.member
        district = member.district.name if member.district else ""
        line = [member.name, label(member, "level"), district]
        for rule in status.rules:
            progress = row.quotas[rule.pk]
            line += [progress.count, progress.minimum] if progress else ["", ""]
        line += [row.points.get(value, 0) for value, _label in status.categories]
        return line + [row.total_points, "是" if row.behind else "否"]
