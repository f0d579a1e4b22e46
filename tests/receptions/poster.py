"""Builders shared by the workroom poster tests (规范 第八条, test_poster_*.py)."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from receptions.choices import ReceptionStatus
from receptions.models import Reception
from tests.factories import MemberFactory

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts")), reason="poppler-utils missing"
)
PLAN = [  # (nominal date, date) of 北京街工作室's 2026 plan
    (dt.date(2026, 1, 15), dt.date(2026, 1, 15)),
    (dt.date(2026, 3, 15), dt.date(2026, 3, 16)),
    (dt.date(2026, 11, 15), dt.date(2026, 11, 16)),
]


def poster_room(personas):
    """北京街工作室 with 陈明 and 王芳 serving (no photos), its 2026 plan of three receptions
    and a cancelled fourth."""
    room = personas.beijing_room
    personas.member.work_unit, personas.member.post = "广州市第一人民医院", "副院长"
    personas.member.save()
    room.members.add(MemberFactory(name="王芳", work_unit="越秀区北京街道办事处", post="副主任"))
    for nominal, day in PLAN:
        reception = Reception.objects.create(workroom=room, nominal_date=nominal, date=day,
                                             place="北京街党群服务中心二楼")
        reception.members.add(personas.member)
    Reception.objects.create(workroom=room, nominal_date=dt.date(2026, 5, 15),
                             date=dt.date(2026, 5, 15), status=ReceptionStatus.CANCELLED)
    return room


def poster_get(client, user, room, **query):
    client.force_login(user)
    return client.get(reverse("receptions:poster", args=[room.pk]), {"year": 2026, **query})


def pdf_text(content: bytes, tmp_path) -> str:
    """The text, all white space removed (lines wrap, pdftotext drops some spaces)."""
    path = tmp_path / "poster.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return re.sub(r"\s+", "", text)


def pdf_fonts(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    return [line for line in lines if line.strip()]
