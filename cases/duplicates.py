"""Requests that may be the same (相同诉求): offered when a clerk registers one, so that staff
merge a duplicate into the case already being handled (cases.services, Action.MERGE).

Which cases are offered, bounded by design: open ones (not closed, refused, merged or
voided) of the same town/street and topic, raised within the similarity window (本地设置
DUPLICATE_WINDOW_DAYS) before the new one, that the user may see; the newest
`SCANNED` of them are compared, the `OFFERED` most similar shown. One query for any
number of new cases.

Similarity is the character-pair measure the case search was first built on (0006
migration; members/search.py keeps its alphabet): each text becomes the set of adjacent
pairs of characters within a run of Chinese or of ASCII letters and digits, and two texts
are as similar as the share of the shorter one's pairs found in the other (the overlap
coefficient). Chinese has no spaces, and a pair (路灯, 漏水, 电梯) is mostly a word: a
complaint told in other words around the same object still shares its pairs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from members.search import HAN

from .choices import SettingKey
from .models import Case, RoutingSetting

RUNS = re.compile(f"[{HAN}]+|[0-9A-Z]+")
# Words nearly every request says, whatever it is about: not evidence of the same matter.
COMMON_PAIRS = frozenset({"希望", "要求", "请求", "反映", "问题", "解决", "协调", "街道", "社区",
                          "小区", "居民", "群众"})
# Offered from a share of 0.4: "小区门口路灯不亮，夜间出行不便" and "路灯不亮，晚上出行很不方便"
# share 路灯, 灯不, 不亮 and 出行, 4 of the shorter text's 10 pairs. An offer costs staff a
# glance (it is only offered, never merged by itself); a missed duplicate counts twice.
THRESHOLD = 0.4
SCANNED = 200  # the newest candidates compared, per new case (a busy street's month)
OFFERED = 5  # shown, the most similar first


def pairs(text: str) -> frozenset[str]:
    """The distinct adjacent character pairs of the text's Chinese and ASCII runs, but the
    common ones."""
    runs = RUNS.findall((text or "").upper())
    return frozenset(run[i:i + 2] for run in runs for i in range(len(run) - 1)) - COMMON_PAIRS


def similarity(a: str, b: str) -> float:
    """Share of the shorter text's pairs found in the other (0 to 1)."""
    first, second = pairs(a), pairs(b)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


@dataclass(frozen=True)
class Candidate:
    case: Case
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def duplicate_candidates(cases: Iterable[Case], user) -> dict[int, list[Candidate]]:
    """{case pk: the open cases it may duplicate, most similar first} for each given case
    still open, in one query (plus the window setting)."""
    cases = [c for c in cases if c.is_open and c.merged_into_id is None]
    if not cases:
        return {}
    window = dt.timedelta(days=RoutingSetting.objects.value(SettingKey.DUPLICATE_WINDOW_DAYS))
    places = Q()
    for case in cases:
        places |= Q(town_id=case.town_id, topic_id=case.topic_id,
                    raised_on__range=(case.raised_on - window, case.raised_on))
    rows = list(
        Case.objects.for_user(user).open().filter(places, merged_into=None)
        .exclude(pk__in=[c.pk for c in cases])
        .select_related("topic", "town", "activity__workroom")
        .order_by("-raised_on", "-pk")[:SCANNED * len(cases)]
    )
    return {case.pk: _similar(case, rows, window) for case in cases}


def _similar(case: Case, rows: list[Case], window: dt.timedelta) -> list[Candidate]:
    same = [
        row for row in rows
        if (row.town_id, row.topic_id) == (case.town_id, case.topic_id)
        and case.raised_on - window <= row.raised_on <= case.raised_on
    ][:SCANNED]
    scored = [Candidate(row, similarity(case.content, row.content)) for row in same]
    kept = sorted((c for c in scored if c.score >= THRESHOLD), key=lambda c: -c.score)
    return kept[:OFFERED]
