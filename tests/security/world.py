"""Two scopes full of records, each carrying marker strings that must never reach a user
outside its scope (tests/security/test_attack_matrix.py).

Scope A: 越秀区 / 北京街道 / 北京街工作室 / 经济委员会 / member 陈明.
Scope B: 荔湾区 / 华林街道 / 华林街工作室 / member 李华 (district level, no committee).
Scope C: 天河区 member 王农 of 农业和农村委员会 (another committee, another district).

`private` markers may appear nowhere outside the record's scope, public pages included;
`public` markers are published by design (规范 第八条: workroom names, reception places) and
may appear on the public pages only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RoleChangeRequest
from accounts.services import change_request_file
from audit.choices import EventKind
from audit.services import audit_record
from cases.choices import DepartmentKind
from cases.models import (
    ActivityPhoto,
    Cluster,
    ConsultationTopic,
    Department,
    PersonalDataAccess,
    ReplyTemplate,
)
from members.choices import GuidanceKind, Level
from members.models import Constituent, GuidanceRequest, ImportRun
from notices.models import Message, SmsOutbox
from receptions.choices import NoticeKind, ReceptionStatus
from receptions.models import ImportantEvent, MemberCalendarFeed, Notice, Reception
from regions.models import DistrictConvener
from reports.choices import DocumentKind, FileStatus, InspectingBody, InspectionRating
from reports.models import DistrictReport, ReportFile, WorkroomInspection
from scoring.choices import DutyKind, SectorActivityKind
from scoring.models import CommitteeLiaisonPlan, DutyRecord, SectorActivity
from workrooms.models import WorkroomBudget

from ..cases.conftest import DAY, held_activity
from ..factories import MemberFactory, UserFactory, committee, district
from .conftest import register

YEAR = timezone.localdate().year
PNG = b"\x89PNG\r\n\x1a\n"  # stored as is: /media/ serves what the row names, by extension


@dataclass
class Rec:
    obj: object
    private: list[str] = field(default_factory=list)
    public: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.obj._meta.label_lower


@dataclass
class World:
    p: object
    records: list[Rec] = field(default_factory=list)

    def add(self, obj, *private, public=()):
        self.records.append(Rec(obj, list(private), list(public)))
        return obj

    def of(self, label: str) -> list[Rec]:
        return [r for r in self.records if r.label == label]

    @property
    def personal(self) -> set[str]:
        """The public's personal data, and every phone number: masked even for the auditor."""
        public = {"cases.visitor", "members.constituent"}
        return {m for r in self.records for m in r.private
                if r.label in public or (m.isdigit() and len(m) == 11)}


def build_world(p) -> World:
    w = World(p)
    chen, li = p.member, p.other_member
    wang = MemberFactory(name="王农", level=Level.CITY, district=district("天河区"),
                         committee=committee("农业和农村委员会"))
    for member, tag, phone in [(chen, "甲", "13911110001"), (li, "乙", "13911110002"),
                               (wang, "丙", "13911110003")]:
        member.phone, member.email = phone, f"mi-{'甲乙丙'.index(tag)}@secret.example.cn"
        member.save()
        # 规范 第八条: the photos of 陈明 and 李华 (serving at a workroom) are public; 王农's not.
        photo = f"秘{tag}委员照片"
        member.photo.save(f"{tag}.png", ContentFile(PNG + photo.encode()))
        if member == wang:
            w.add(member, phone, member.email, photo)
        else:
            w.add(member, phone, member.email, public=[photo])
        _member_records(w, member, tag)
    for user, phone in [(p.liwan_staff, "13922220001"), (p.beijing_clerk, "13922220002"),
                        (p.hualin_clerk, "13922220003"), (p.yuexiu_staff, "13922220004")]:
        user.phone = phone
        user.save()
        w.add(user, phone)
    _place(w, p, p.beijing_room, p.beijing_clerk, chen, p.yuexiu_staff, "甲")
    _place(w, p, p.hualin_room, p.hualin_clerk, li, p.liwan_staff, "乙")
    _system(w, p)
    return w


def _member_records(w: World, member, tag: str) -> None:
    w.add(DutyRecord.objects.create(kind=DutyKind.PROPOSAL, title=f"秘{tag}提案标题",
                                    date=dt.date(YEAR, 3, 1), evidence=f"秘{tag}佐证说明",
                                    confirmed=True), f"秘{tag}提案标题", f"秘{tag}佐证说明")
    w.records[-1].obj.members.set([member])
    w.records[-1].obj.attachment.save(f"{tag}.pdf", ContentFile(f"秘{tag}佐证附件".encode()))
    w.records[-1].private.append(f"秘{tag}佐证附件")
    person = Constituent.objects.create(member=member, name=f"秘{tag}群众",
                                        phone=f"1360000000{'甲乙丙'.index(tag)}")
    w.add(person, person.name, person.phone)
    w.add(MemberCalendarFeed.objects.get_or_create(member=member)[0])
    if member.committee_id:  # 举措 四（一）: the committee's yearly plan
        w.add(CommitteeLiaisonPlan.objects.create(committee=member.committee, year=YEAR,
                                                  content=f"秘{tag}联络计划"), f"秘{tag}联络计划")
    if member.user_id:
        w.add(Message.objects.create(key=f"secret:{tag}", channel="inbox",
                                     recipient=member.user, recipient_name=member.name,
                                     subject=f"秘{tag}委员消息", body=f"秘{tag}委员消息正文"),
              f"秘{tag}委员消息")


def _place(w: World, p, room, clerk, member, staff, tag: str) -> None:
    room.name = f"秘{tag}工作室"
    room.save()
    w.add(room, public=[room.name])
    activity = held_activity(room, clerk, [member])
    activity.summary = f"秘{tag}活动概况"
    activity.save()
    w.add(activity, activity.summary)
    photo = ActivityPhoto(activity=activity)
    photo.image.save(f"{tag}.png", ContentFile(PNG + f"秘{tag}活动照片".encode()))
    w.add(photo, f"秘{tag}活动照片")
    case = register(activity, clerk, name=f"秘{tag}来访人", phone=f"1370000000{'甲乙'.index(tag)}",
                    address=f"秘{tag}住址路8号", content=f"秘{tag}诉求内容")
    w.add(case, case.content)
    visitor = case.visitor
    w.add(visitor, visitor.name, visitor.phone, visitor.address)
    w.add(case.steps.get())
    cluster = Cluster.objects.create(topic=case.topic, district=room.town.district,
                                     town=room.town, first_date=DAY, last_date=DAY)
    cluster.cases.add(case)
    w.add(cluster)
    w.add(ConsultationTopic.objects.create(cluster=cluster, district=room.town.district,
                                           title=f"秘{tag}协商议题", reason=f"秘{tag}议题理由"),
          f"秘{tag}协商议题", f"秘{tag}议题理由")
    w.add(GuidanceRequest.objects.create(member=member, district=room.town.district,
                                         kind=GuidanceKind.GUIDANCE, subject=f"秘{tag}指导事项",
                                         details=f"秘{tag}指导需求"),
          f"秘{tag}指导事项", f"秘{tag}指导需求")
    w.add(PersonalDataAccess.objects.create(user=clerk, visitor=visitor, case=case,
                                            purpose=f"秘{tag}查看用途"), f"秘{tag}查看用途")
    # 常用答复 of the district: read by its staff, towns and clerks, offered on its cases only
    w.add(ReplyTemplate.objects.create(district=room.town.district, topic=case.topic,
                                       title=f"秘{tag}常用答复", text=f"秘{tag}答复内容"),
          f"秘{tag}常用答复", f"秘{tag}答复内容")
    dept = Department.objects.create(kind=DepartmentKind.DISTRICT_DEPARTMENT,
                                     district=room.town.district, name=f"秘{tag}承办局")
    w.add(dept, dept.name)
    reception = Reception.objects.create(
        workroom=room, nominal_date=dt.date(YEAR, 11, 15), date=dt.date(YEAR, 11, 16),
        place=f"秘{tag}接待地点", status=ReceptionStatus.PUBLISHED,
    )
    reception.members.add(member)
    w.add(reception, public=[reception.place])
    notice = Notice.objects.create(reception=reception, kind=NoticeKind.NOTICE, sequence=1,
                                   content={"place": reception.place},
                                   published_at=timezone.now())
    notice.pdf.save("notice.pdf", ContentFile(b"%PDF-1.4 " + reception.place.encode()))
    w.add(notice, public=[reception.place])
    w.add(ImportantEvent.objects.create(date=dt.date(YEAR, 9, 1), district=room.town.district,
                                        title=f"秘{tag}重要活动"), f"秘{tag}重要活动")
    w.add(DistrictConvener.objects.create(district=room.town.district, kind="chair",
                                          name=f"秘{tag}召集人"), f"秘{tag}召集人")
    w.add(ImportRun.objects.create(roster="members", file_name=f"秘{tag}名册.xlsx", by=staff,
                                   summary=f"秘{tag}导入摘要"), f"秘{tag}名册", f"秘{tag}导入摘要")
    w.add(Message.objects.create(key=f"secret:staff:{tag}", channel="inbox", recipient=staff,
                                 recipient_name=str(staff), subject=f"秘{tag}职员消息",
                                 body="正文"), f"秘{tag}职员消息")
    sms = Message.objects.create(key=f"secret:sms:{tag}", channel="sms", recipient=clerk,
                                 recipient_name=str(clerk), address=clerk.phone,
                                 subject=f"秘{tag}短信主题", body="正文")
    w.add(sms, f"秘{tag}短信主题")
    w.add(SmsOutbox.objects.create(phone=clerk.phone, body=f"秘{tag}短信正文", message=sms),
          f"秘{tag}短信正文")
    _reports(w, room, staff, tag)


def _reports(w: World, room, staff, tag: str) -> None:
    area = room.town.district
    w.add(WorkroomInspection.objects.create(
        workroom=room, year=YEAR, date=dt.date(YEAR, 6, 1), body=InspectingBody.DISTRICT,
        inspectors=f"秘{tag}检查人", findings=f"秘{tag}检查发现", rating=InspectionRating.GOOD,
    ), f"秘{tag}检查人", f"秘{tag}检查发现")
    w.add(WorkroomBudget.objects.create(workroom=room, year=YEAR, amount=1000, town=room.town,
                                        note=f"秘{tag}经费说明"), f"秘{tag}经费说明")
    w.add(DistrictReport.objects.create(district=area, year=YEAR,
                                        achievements=f"秘{tag}报告成绩"), f"秘{tag}报告成绩")
    report = ReportFile.objects.create(
        kind=DocumentKind.DISTRICT, scope=f"district:{area.pk}", district=area, year=YEAR,
        format="pdf", digest=f"{tag}" * 10, status=FileStatus.DONE,
        data={"title": f"秘{tag}报告文件"}, requested_by=staff,
    )
    report.file.save("r.pdf", ContentFile(f"%PDF-1.4 秘{tag}报告内容".encode()))
    w.add(report, f"秘{tag}报告文件", f"秘{tag}报告内容")


def _system(w: World, p) -> None:
    economy = p.member.sector
    w.add(SectorActivity.objects.create(sector=economy, kind=SectorActivityKind.STUDY,
                                        date=dt.date(YEAR, 4, 1), title="秘界别学习"),
          "秘界别学习")
    event = audit_record(kind=EventKind.LOGIN_FAILED, username="秘审计用户名")
    w.add(event, "秘审计用户名")
    staff_c = w.add(UserFactory(username="secret_c_staff", role="district",
                                district=district("天河区"), phone="13922220009"), "13922220009")
    # Not a persona's: a confirmed device makes its owner verify a code before anything else.
    w.add(TOTPDevice.objects.create(user=staff_c, name="秘丙动态口令设备"), "秘丙动态口令设备")
    # 三员分立: an auditor's account is out of the user administrator's reach, and a request
    # for a privileged role is read by the municipal office, the user administrator and the
    # auditor only.
    w.add(UserFactory(username="secret_auditor_b", role="auditor", phone="13922220011"),
          "13922220011")
    w.add(change_request_file(change=RoleChangeRequest(
        user=staff_c, requested_by=p.useradmin, role="city", reason="秘特权变更理由")),
        "秘特权变更理由")
