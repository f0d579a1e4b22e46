from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkroomKind(models.TextChoices):
    # 规范 第六条; 举措 三（七） for the member workroom.
    FIXED = "fixed", _("固定工作室")
    MOBILE = "mobile", _("流动工作室")
    ONLINE = "online", _("网上工作室")
    MEMBER = "member", _("委员工作室")
