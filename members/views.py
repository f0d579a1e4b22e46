from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from audit.choices import EventKind
from audit.services import audited_download
from documents.xlsx import workbook_bytes

from .resources import MemberResource, RosterResource

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def roster_template_view(resource_class: type[RosterResource]):
    """The empty roster template (.xlsx): the header row, one example row, and a sheet of
    instructions. Only for those who may import the roster; others get 404."""

    @login_required
    @audited_download(EventKind.DOWNLOAD, f"{resource_class._meta.name}模板")
    def view(request):
        opts = resource_class._meta.model._meta
        if not request.user.has_perms([f"{opts.app_label}.add_{opts.model_name}",
                                       f"{opts.app_label}.change_{opts.model_name}"]):
            raise Http404
        response = HttpResponse(roster_template_bytes(resource_class), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="{resource_class.roster}-template.xlsx"'
        )
        return response

    return view


def roster_template_bytes(resource_class: type[RosterResource]) -> bytes:
    columns = resource_class.column_names()
    guide = [
        (name, "必填" if name in resource_class.required_columns else "选填")
        for name in columns
    ]
    guide += [
        ("", ""),
        ("说明", "第2行是示例，导入前请删除或改成真实数据。"),
        ("说明", "是/否 栏填“是”或“否”；区、镇（街）、界别、专门委员会须与系统中的名称一致。"),
        ("说明", "全部成功才导入：任何一行有误，整个文件都不导入，并列出每一行的问题。"),
        *(("说明", note) for note in resource_class.guide_notes),
    ]
    return workbook_bytes([
        (resource_class._meta.name, columns, [resource_class.example_row]),
        ("填写说明", ["列名", "是否必填"], guide),
    ])


member_template = roster_template_view(MemberResource)
