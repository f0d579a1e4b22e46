"""Uploaded files of two scopes: 北京街 / 越秀区 / 陈明 (A) and 华林街 / 荔湾区 / 李华 (B),
plus the photos of members the public pages do not show."""

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from cases.models import ActivityPhoto
from receptions.choices import NoticeKind, ReceptionStatus
from receptions.models import Notice, Reception
from reports.choices import DocumentKind, FileStatus
from reports.models import ReportFile
from scoring.choices import DutyKind
from scoring.models import DutyRecord

from ..cases.conftest import held_activity
from ..factories import MemberFactory, WorkroomFactory, district


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _photo(member, name):
    member.photo.save(name, ContentFile(png_bytes()))
    return member


def _activity_photo(activity, name):
    photo = ActivityPhoto(activity=activity)
    photo.image.save(name, ContentFile(png_bytes()))
    return photo


def _evidence(member, name, content):
    record = DutyRecord.objects.create(kind=DutyKind.PROPOSAL, title="提案",
                                       date=dt.date(2026, 3, 1))
    record.members.set([member])
    record.attachment.save(name, ContentFile(content))
    return record


def _report(area, tag):
    report = ReportFile.objects.create(
        kind=DocumentKind.DISTRICT, scope=f"district:{area.pk}", district=area, year=2026,
        format="pdf", digest=tag * 10, status=FileStatus.DONE,
    )
    report.file.save("r.pdf", ContentFile(b"%PDF-1.4 report " + tag.encode()))
    return report


def _notice(workroom, member):
    reception = Reception.objects.create(
        workroom=workroom, nominal_date=dt.date(2026, 11, 15), date=dt.date(2026, 11, 16),
        place="接待地点", status=ReceptionStatus.PUBLISHED,
    )
    reception.members.add(member)
    notice = Notice.objects.create(reception=reception, kind=NoticeKind.NOTICE, sequence=1,
                                   content={}, published_at=timezone.now())
    notice.pdf.save("notice.pdf", ContentFile(b"%PDF-1.4 notice"))
    return notice


@pytest.fixture
def files(personas):
    p = personas
    nowhere = _photo(MemberFactory(name="不驻室委员", district=district("越秀区")), "nowhere.png")
    closed_room = WorkroomFactory(name="已停用工作室", active=False)
    closed = MemberFactory(name="停用室委员", district=district("越秀区"))
    closed_room.members.add(closed)
    here = held_activity(p.beijing_room, p.beijing_clerk, [p.member])
    there = held_activity(p.hualin_room, p.hualin_clerk, [p.other_member])
    return SimpleNamespace(
        p=p,
        public_photo=_photo(p.member, "chen.png"),
        other_public_photo=_photo(p.other_member, "li.png"),
        nowhere_photo=nowhere,
        closed_room_photo=_photo(closed, "closed.png"),
        activity_photo=_activity_photo(here, "a.png"),
        other_activity_photo=_activity_photo(there, "b.png"),
        evidence=_evidence(p.member, "佐证.pdf", b"%PDF-1.4 evidence A"),
        other_evidence=_evidence(p.other_member, "佐证.pdf", b"%PDF-1.4 evidence B"),
        report=_report(district("越秀区"), "A"),
        other_report=_report(district("荔湾区"), "B"),
        notice=_notice(p.beijing_room, p.member),
        closed_notice=_notice(closed_room, closed),
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content
