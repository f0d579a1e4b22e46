"""Demo step (`load_demo`): activities, visitors and cases for the demo clerk's workrooms in
北京街道, covering every route and state of 规范 第十三条, a 规范 第十一条 refusal, overdue
steps, one 集中反映, a request merged into the same one raised earlier (相同诉求), and a few
常用答复."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.models import User
from cases.choices import Action, DepartmentKind
from cases.models import Activity, Case, Cluster, Department, ReplyTemplate, Topic, Visitor
from cases.services import activity_mark_held, activity_save, case_register, case_route
from demo.foundation import mobile, person_name
from receptions.models import Reception
from scoring.choices import ActivityFormCode
from workrooms.models import Workroom

TOWN_OFFICES = ("党政综合办公室", "公共服务办公室", "城市管理办公室", "平安建设办公室")

# (topic, what was raised, the moves made so far: (action, who, data))
SCRIPTS = [
    ("城市建设与管理", "小区门口路灯不亮，夜间出行不便。",
     [("answer", "clerk", {"answer": "已联系街道城管办和物业，当场答复三日内修复。"})]),
    ("物业管理与老旧小区改造", "老楼加装电梯意见不一，希望街道协调。",
     [("submit_to_leader", "clerk", {}),
      ("instruct", "lead", {"instruction": "请公共服务办牵头组织居民协商。",
                            "department": "town:公共服务办公室"}),
      ("reply", "clerk", {"reply": "已召开居民协商会，达成加装方案。"})]),
    ("住房保障", "区属公房屋面漏水多年未修。",
     [("submit_to_leader", "clerk", {}),
      ("pass_to_district", "lead", {"department": "district:住房和城乡建设局",
                                    "note": "区属公房维修超出街道职责范围。"}),
      ("reply", "district", {"reply": "已列入本年度公房维修计划。"})]),
    ("就业与社会保障", "工伤认定进展缓慢，多次反映未果。",
     [("to_petition", "clerk", {"department": "petition"}),
      ("petition_outcome", "clerk", {"outcome": "区信访局已转区人社局办理并书面答复。"}),
      ("feedback", "clerk", {"feedback": "已当面向接待委员通报办理情况。"})]),
    ("养老服务", "社区长者饭堂供不应求，中午排长队。",
     [("to_member", "clerk", {}),
      ("file", "district", {"kind": "proposal", "title": "关于扩大社区长者饭堂供给的提案"})]),
    ("劳动关系", "与公司存在劳动合同纠纷，要求支付加班费。",
     [("refuse", "clerk", {"procedure": "arbitration",
                           "referred_body": "越秀区劳动人事争议仲裁委员会"})]),
    ("交通出行", "公交站台缺少遮雨棚。", []),
    ("环境保护与卫生", "垃圾分类投放点异味大。", [("submit_to_leader", "clerk", {})]),
    ("治安与安全", "小巷夜间照明和治安巡逻不足。",
     [("submit_to_leader", "clerk", {}),
      ("instruct", "lead", {"instruction": "请平安办会同社区加强巡逻。",
                            "department": "town:平安建设办公室"})]),
    ("医疗卫生", "社区卫生服务中心夜间无门诊。",
     [("submit_to_leader", "clerk", {}),
      ("pass_to_district", "lead", {"department": "district:卫生健康局",
                                    "note": "医疗资源配置属区卫生健康局职责。"})]),
    ("社区治理与服务", "历史遗留房屋产权问题反复反映。",
     [("to_petition", "clerk", {"department": "petition"})]),
    ("市场监管与消费维权", "预付卡商家停业，多名居民受损。",
     [("to_petition", "clerk", {"department": "petition"}),
      ("petition_outcome", "clerk", {"outcome": "区信访局已转区市场监管局立案处理。"})]),
    ("教育", "片区学位紧张，希望增加公办学位。", [("to_member", "clerk", {})]),
]
# Raised again at a later reception, told in other words: merged into the first (相同诉求).
DUPLICATE = ("垃圾分类投放点异味大。", "垃圾分类投放点夏天异味很大，影响附近居民开窗，希望整改。")
# 常用答复 (title, topic or None for every topic, text): the city's, then 越秀区's.
REPLY_TEMPLATES = {
    None: [
        ("已转交承办部门", None,
         "您反映的问题已转交承办部门办理，办理结果将按您留下的联系方式告知。"),
        ("属诉讼、仲裁等法定途径", None,
         "您反映的事项依法应通过诉讼、仲裁或行政复议等法定途径解决，建议向有关机关提出，"
         "工作人员可协助您了解办理渠道。"),
    ],
    "越秀区": [
        ("路灯维修", "城市建设与管理",
         "已联系街道城市管理办公室和物业服务企业，安排三个工作日内完成路灯检修，"
         "修复后请您留意夜间照明情况。"),
        ("垃圾投放点整改", "环境保护与卫生",
         "已通知环卫部门加密清运、定期清洗消毒投放点，并督促物业落实分类投放管理，"
         "一周后回访整改效果。"),
        ("加装电梯协商", "物业管理与老旧小区改造",
         "街道将组织本楼栋业主召开协商会，介绍加装电梯补贴政策和低层住户补偿办法，"
         "在充分协商的基础上推进。"),
    ],
}
# Three more on one topic in one street within the window: a 集中反映.
CLUSTERED = ("养老服务", ("长者助餐点太少，希望增设。", "独居老人缺少上门探访。"))


def load(*, rng: random.Random, stdout) -> None:
    rooms = list(Workroom.objects.filter(clerk__username="beijing_clerk").order_by("pk"))
    actors = _actors()
    if not rooms or not all(actors.values()):
        stdout.write("  （未找到演示工作室或演示账号，跳过台账与诉求）")
        return
    today = timezone.localdate()
    _town_offices(rooms)
    activities = _activities(rng, rooms[0], actors["clerk"], today)
    used: set[str] = set()
    raised = {}
    for index, (topic, content, moves) in enumerate(SCRIPTS):
        activity = activities[index % len(activities)]
        case = _case(rng, activity, actors["clerk"], topic, content, used)
        _play(case, moves, actors, activity.date)
        raised[content] = case
    _duplicate(rng, raised[DUPLICATE[0]], activities[-1], actors, used)
    _reply_templates(actors["district"])
    for content in CLUSTERED[1]:
        _case(rng, activities[-1], actors["clerk"], CLUSTERED[0], content, used)
    for room in rooms[1:2]:
        extra = _activities(rng, room, actors["clerk"], today, count=1)[0]
        case = _case(rng, extra, actors["clerk"], "文化体育", "希望社区增设篮球场夜间照明。", used)
        _play(case, [("answer", "clerk", {"answer": "已纳入社区微改造计划。"})], actors, extra.date)
    _draft(rooms[0], actors["clerk"])
    stdout.write(
        f"  工作室活动 {Activity.objects.count()} 次，来访群众 {Visitor.objects.count()} 人，"
        f"诉求 {Case.objects.count()} 件，集中反映 {Cluster.objects.count()} 组"
    )


def _actors() -> dict[str, User | None]:
    named = {"clerk": "beijing_clerk", "lead": "beijing_lead", "district": "yuexiu"}
    return {key: User.objects.filter(username=name).first() for key, name in named.items()}


def _town_offices(rooms) -> None:
    """本地演示数据: typical street offices, for the demo towns only."""
    for town in {room.town for room in rooms}:
        for name in TOWN_OFFICES:
            Department.objects.get_or_create(
                district=town.district, town=town, name=name,
                defaults={"kind": DepartmentKind.TOWN_OFFICE},
            )


def _activities(rng, room, clerk, today, count=3) -> list[Activity]:
    """Held activities on the room's past reception days (or fortnights back), oldest first."""
    receptions = list(
        Reception.objects.filter(workroom=room, date__lt=today).order_by("-date")[:count]
    )
    dates = [r.date for r in receptions] or []
    dates += [today - dt.timedelta(days=14 * (n + 1)) for n in range(count - len(dates))]
    forms = [ActivityFormCode.RECEPTION_DAY, ActivityFormCode.RESIDENTS_CONSULTATION,
             ActivityFormCode.LEGAL_ADVICE]
    members = sorted(room.members.all(), key=lambda m: m.pk)
    held = []
    for n, date in enumerate(sorted(dates)):
        reception = next((r for r in receptions if r.date == date), None)
        activity = activity_save(
            workroom=room, by=clerk, members=rng.sample(members, min(2, len(members))),
            fields={
                "form_id": ActivityFormCode.RECEPTION_DAY if reception else forms[n % len(forms)],
                "date": date, "reception": reception, "attendance": rng.randint(8, 30),
                "summary": "委员接待来访群众，逐一登记诉求并当场解答政策问题。",
            },
        )
        held.append(activity_mark_held(activity=activity, by=clerk, today=today))
    return held


def _case(rng, activity, clerk, topic, content, used) -> Case:
    visitor = None
    if rng.random() < 0.85:
        consent = rng.random() < 0.6
        visitor = Visitor.objects.create(
            activity=activity, name=person_name(rng),
            phone=mobile(rng, used) if consent or rng.random() < 0.5 else "",
            address=f"{activity.workroom.town.name}{rng.randint(1, 99)}号大院",
            consent_to_contact=consent,
        )
        if consent and not visitor.phone:
            visitor.consent_to_contact = False
            visitor.save(update_fields=["consent_to_contact"])
    return case_register(
        activity=activity, by=clerk, topic=Topic.objects.get(name=topic),
        town=activity.workroom.town, community=activity.workroom.community, content=content,
        visitor=visitor, today=activity.date,
    )


def _play(case, moves, actors, start: dt.date) -> None:
    day = start
    for action, who, data in moves:
        day += dt.timedelta(days=2)
        data = dict(data)
        if "department" in data:
            data["department"] = _department(case, data["department"])
        note = data.pop("note", "")
        case = case_route(case=case, action=action, by=actors[who], note=note,
                          today=min(day, timezone.localdate()), **data)


def _duplicate(rng, master: Case, activity, actors, used) -> Case:
    """The same request raised again later: offered at registration and merged."""
    case = _case(rng, activity, actors["clerk"], master.topic.name, DUPLICATE[1], used)
    return case_route(case=case, action=Action.MERGE, by=actors["clerk"], master=master,
                      note="同一投放点的异味问题，与前次反映合并办理。", today=activity.date)


def _reply_templates(district_staff: User) -> None:
    for district, rows in REPLY_TEMPLATES.items():
        for title, topic, text in rows:
            ReplyTemplate.objects.get_or_create(
                title=title, district=district_staff.district if district else None,
                defaults={"text": text, "created_by": district_staff,
                          "topic": Topic.objects.filter(name=topic).first() if topic else None},
            )


def _department(case, spec: str) -> Department:
    kind, _, name = spec.partition(":")
    if kind == "town":
        return Department.objects.get(town=case.town, name=name)
    if kind == "district":
        return Department.objects.get(district=case.town.district, town=None, name=name)
    return Department.objects.get(
        district=case.town.district, kind=DepartmentKind.PETITION_OFFICE
    )


def _draft(room, clerk) -> None:
    activity_save(workroom=room, by=clerk, members=[], fields={
        "form_id": ActivityFormCode.POLICY_BRIEFING,
        "summary": "（草稿）政策宣讲：医保政策解读，待补充日期和到场委员。",
    })
