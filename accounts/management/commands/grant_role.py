from copy import copy

from django.core.exceptions import MultipleObjectsReturned, ValidationError
from django.core.management.base import BaseCommand, CommandError

from ...choices import Role
from ...forms import ConsoleGrantForm
from ...models import User
from ...services import role_grant_at_console


class Command(BaseCommand):
    help = ("在服务器控制台直接授予角色：新系统设立首批市政协办公厅账号，或已无第二名市政协办公厅"
            "工作人员可以审批时使用。其余情况请在管理后台提交特权变更申请。授予记入审计记录。")

    def add_arguments(self, parser):
        parser.add_argument("username", help="账号的用户名")
        parser.add_argument("--role", required=True, choices=Role.values, help="角色")
        parser.add_argument("--district", default="", help="所属区（名称，如 越秀区）")
        parser.add_argument("--town", default="", help="所属镇（街）（名称，如 北京街道）")
        parser.add_argument("--committee", default="", help="所属专门委员会（名称）")

    def handle(self, *args, username, role, district, town, committee, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"找不到账号：{username}") from error
        asked = {"role": role, "district": district, "town": town, "committee": committee}
        form = ConsoleGrantForm(asked, instance=copy(user))  # the form writes its instance
        try:
            valid = form.is_valid()
        except MultipleObjectsReturned as error:
            raise CommandError("有多个同名的镇（街），请同时用 --district 指定所属区。") from error
        if not valid:
            raise CommandError("；".join(m for messages in form.errors.values() for m in messages))
        try:
            role_grant_at_console(user=user, asked=form.cleaned_data,
                                  operator="manage.py grant_role")
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"已授予 {username} 角色：{Role(role).label}"))
