"""Slipping: the early signs an instructor wants to see, written once for the roster and the
instructor digest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from course.models import Attendance

NO_PRACTICE_DAYS = 4
LOW_ADHERENCE = 0.5


def slipping_flags(
    *,
    today: dt.date,
    week: int | None,
    since: dt.date,
    latest_mark: str | None,
    finished_adherence: Sequence[float | None],
) -> list[str]:
    """The early signs an instructor wants to see, in one place for the roster and the digest.

    `week` is the course week today falls in (0 before class 1, None after week 8); `since` is
    the last day practice was logged (or the day they joined); `finished_adherence` lists the
    adherence of the weeks already over, oldest first.
    """
    flags = []
    if week:  # before class 1 nobody can be slipping yet; after week 8 the course is over
        idle = (today - since).days
        if idle >= NO_PRACTICE_DAYS:
            flags.append(f"No practice logged for {idle} days")
    if latest_mark == Attendance.Status.ABSENT:
        flags.append("Missed the last class")
    recent = list(finished_adherence)[-2:]
    if len(recent) == 2 and all(a is not None and a < LOW_ADHERENCE for a in recent):
        flags.append("Below 50% adherence two weeks running")
    return flags
