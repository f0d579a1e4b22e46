from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.models import Committee
from regions.models import District, Town

from ...choices import Role
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
            place = District.objects.get(name=district) if district else None
            towns = Town.objects.filter(district=place) if place else Town.objects.all()
            asked = {
                "role": role, "district": place,
                "town": towns.get(name=town) if town else None,
                "committee": Committee.objects.get(name=committee) if committee else None,
            }
            role_grant_at_console(user=user, asked=asked, operator="manage.py grant_role")
        except (User.DoesNotExist, District.DoesNotExist, Town.DoesNotExist,
                Committee.DoesNotExist) as error:
            raise CommandError(f"找不到：{error}") from error
        except Town.MultipleObjectsReturned as error:
            raise CommandError("有多个同名的镇（街），请同时用 --district 指定所属区。") from error
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"已授予 {username} 角色：{Role(role).label}"))
