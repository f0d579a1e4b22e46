"""How the benchmark calls the reports app: its district report and city summary, as PDF
and .xlsx, rendered at once (`reports.services.report_file_bytes`, what the Celery task
and the `build_report` command do), for the busiest district and the current year.

Until those functions exist, `prepare` answers None and the row reads "not yet available".
"""

from __future__ import annotations

from django.utils import timezone


def prepare(kind: str, fmt: str):
    try:
        from reports.services import report_file_bytes
    except ImportError:
        return None
    from . import personas

    district = personas.choose().district if kind == "district" else None
    return report_file_bytes, district, timezone.localdate().year


def run(kind: str, fmt: str, context) -> str:
    render, district, year = context
    data = render(kind=kind, year=year, fmt=fmt, district=district)
    where = district.name if district is not None else "全市"
    return f"{where} {year}: {len(data) / 1024:.0f} KiB"
