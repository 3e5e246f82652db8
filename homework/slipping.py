"""Slipping: the early signs an instructor wants to see, written once for the roster and the
instructor digest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from course.models import Attendance
from homework.progress import LOW_ADHERENCE, WeekProgress, format_percent

NO_PRACTICE_DAYS = 4


def slipping_flags(
    *,
    today: dt.date,
    week: int | None,
    since: dt.date,
    latest_mark: str | None,
    weeks: Iterable[WeekProgress],
) -> list[str]:
    """The early signs an instructor wants to see, in one place for the roster and the digest.

    `today` is the person's own date and `week` the course week it falls in (0 before class 1,
    None after week 8); `since` is the last day practice was logged (or the day they joined);
    `weeks` are their weeks, judged on `today` (homework.progress): only weeks that are over
    and that they were enrolled for from the first day count towards the adherence flag, so a
    late joiner is not flagged for weeks before they came, nor anyone for a week still running.
    """
    flags = []
    if week:  # before class 1 nobody can be slipping yet; after week 8 the course is over
        idle = (today - since).days
        if idle >= NO_PRACTICE_DAYS:
            flags.append(f"No practice logged for {idle} days")
    if latest_mark == Attendance.Status.ABSENT:
        flags.append("Missed the last class")
    judged = sorted(
        (w for w in weeks if w.is_over and w.whole_week_enrolled and w.adherence is not None),
        key=lambda w: w.week,
    )[-2:]
    if len(judged) == 2 and all(
        w.adherence is not None and w.adherence < LOW_ADHERENCE for w in judged
    ):
        flags.append(f"Below {format_percent(LOW_ADHERENCE)} adherence two weeks running")
    return flags
