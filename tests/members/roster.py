"""Builders for roster files in tests: inline CSV lines and an .xlsx made with openpyxl."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from members.resources import MemberResource
from members.services import roster_import

MEMBER_HEADER = (
    "姓名,委员层级,所属区,界别,专门委员会,常委,届次,工作单位,职务,手机号码,电子邮箱,状态"
)


def csv_upload(*lines: str, name="名册.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(encoding), "text/csv")


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_upload(rows, name="名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows))


def import_members(upload, by=None, dry_run=False, resource_class=MemberResource):
    return roster_import(
        resource_class=resource_class, file=upload, file_name=upload.name, by=by,
        dry_run=dry_run,
    )
