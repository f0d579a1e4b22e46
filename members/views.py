from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.once import ALREADY_SUBMITTED, submit_once
from audit.choices import EventKind
from audit.services import audited_download
from documents.xlsx import workbook_bytes

from .forms import GuidanceRequestForm
from .models import GuidanceRequest, Member
from .resources import MemberResource, RosterResource
from .services import guidance_request_ask

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


@login_required
def guidance(request):
    """规范 第十二条: the member's requests to their district CPPCC (guidance and advice, or
    people to take part) with the district's answers, and the form to ask."""
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        raise Http404
    form = GuidanceRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _made, first_time = submit_once(data["once"], by=request.user, create=lambda: (
                guidance_request_ask(member=member, kind=data["kind"], subject=data["subject"],
                                     details=data["details"], wanted_by=data["wanted_by"])
            ))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("已提交区政协，答复后将通知您。") if first_time
                             else ALREADY_SUBMITTED)
            return redirect("members:guidance")
    asked = GuidanceRequest.objects.for_user(request.user).filter(member=member)
    return render(request, "members/guidance.html", {
        "form": form, "member": member, "requests": asked.select_related("district")[:100],
    }, status=400 if request.method == "POST" else 200)
