"""规范 第八条: a workroom with many members whose work units, posts and places are as long
as the fields hold still gets its poster promptly: every text is printed cut and the
render stops at its time limit instead of keeping a worker busy."""

import datetime as dt
import time

from receptions.models import Reception
from receptions.poster import poster_build, poster_pdf
from tests.factories import MemberFactory

from .poster import poster_get


def test_sixty_members_with_the_longest_texts_render_within_seconds(personas, settings):
    room = personas.beijing_room
    room.address = "长" * 200
    room.save()
    room.members.add(*[
        MemberFactory(name=f"委员{i:02d}", work_unit="很长的单位名称" * 14 + "x" * 2,
                      post="W" * 100)
        for i in range(60)
    ])
    for month in (1, 3, 5, 7, 9, 11):
        Reception.objects.create(workroom=room, nominal_date=dt.date(2026, month, 15),
                                 date=dt.date(2026, month, 15), place="地" * 200)
    settings.PDF_TIME_LIMIT = 60

    started = time.monotonic()
    content = poster_pdf(poster_build(workroom=room, year=2026, size="a4"))

    assert content.startswith(b"%PDF")
    assert time.monotonic() - started < 30


def test_a_poster_past_the_time_limit_is_stopped_and_said_so_in_chinese(
        client, personas, settings):
    settings.PDF_TIME_LIMIT = 0.01

    response = poster_get(client, personas.beijing_clerk, personas.beijing_room)

    assert response.status_code == 503
    assert "海报未能在0.01秒内生成，已停止" in response.content.decode()
