"""Build a yearly report file from the command line, with the same services as the page:

    python manage.py build_report --year 2026 --district 越秀区 --format pdf --output 越秀区.pdf
    python manage.py build_report --year 2026 --city --format xlsx --output 全市.xlsx
    python manage.py build_report --year 2026 --committee 经济委员会 --format pdf --output 经济.pdf
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.models import Committee
from regions.models import District
from reports.choices import DocumentKind, FileFormat
from reports.services import report_file_bytes


class Command(BaseCommand):
    help = "生成区年度报告、全市汇总或专门委员会年度汇总（PDF 或 Excel）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2026")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--district", help="区名称，如 越秀区")
        scope.add_argument("--city", action="store_true", help="全市汇总（各区并列）")
        scope.add_argument("--committee", help="专门委员会名称，如 经济委员会")
        parser.add_argument("--format", choices=FileFormat.values, required=True)
        parser.add_argument("--output", required=True, help="输出文件路径")

    def handle(self, *args, year, district, city, committee, format, output, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度 {year} 不正确。")
        kind, scope = self._scope(district, committee)
        content = report_file_bytes(kind=kind, year=year, fmt=format, **scope)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"已生成 {path}（{len(content)} 字节）。"))

    def _scope(self, district: str | None, committee: str | None):
        if district:
            found = District.objects.filter(name=district.strip()).first()
            if found is None:
                raise CommandError(f"没有名为“{district}”的区。")
            return DocumentKind.DISTRICT, {"district": found}
        if committee:
            found = Committee.objects.filter(name=committee.strip()).first()
            if found is None:
                raise CommandError(f"没有名为“{committee}”的专门委员会。")
            return DocumentKind.COMMITTEE, {"committee": found}
        return DocumentKind.CITY, {}
