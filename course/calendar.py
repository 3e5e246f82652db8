"""Course time: which week a cohort is in, and where weeks begin and end.

This is the one place that turns dates into course weeks. Week 1 starts on the cohort's start
date (the day of class 1) at local midnight; each week lasts seven local days. Everything is
computed on *local calendar dates* of the cohort's IANA time zone, so a daylight-saving change
can never shift a week edge by an hour.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Protocol

COURSE_WEEKS = 8
BEFORE_COURSE = 0  # the orientation period: any date before class 1


class HasStart(Protocol):
    start_date: dt.date
    time_zone: str


def course_week(cohort: HasStart, local_date: dt.date) -> int | None:
    """The course week (1-8) a cohort is in on `local_date`.

    Returns 0 (BEFORE_COURSE) for any date before week 1 and None once week 8 is over.
    """
    days = (local_date - cohort.start_date).days
    if days < 0:
        return BEFORE_COURSE
    week = days // 7 + 1
    return week if week <= COURSE_WEEKS else None


def local_date(cohort: HasStart, instant: dt.datetime) -> dt.date:
    """The calendar date at `instant` (aware) in the cohort's time zone."""
    if instant.tzinfo is None:
        raise ValueError("local_date() needs an aware datetime")
    return instant.astimezone(zoneinfo.ZoneInfo(cohort.time_zone)).date()


def week_dates(cohort: HasStart, week: int) -> tuple[dt.date, dt.date]:
    """First and last local date (inclusive) of course week `week` (1-8)."""
    if not 1 <= week <= COURSE_WEEKS:
        raise ValueError(f"week must be between 1 and {COURSE_WEEKS}, not {week}")
    first = cohort.start_date + dt.timedelta(days=7 * (week - 1))
    return first, first + dt.timedelta(days=6)


def course_end_date(cohort: HasStart) -> dt.date:
    """The last local date of week 8."""
    return week_dates(cohort, COURSE_WEEKS)[1]


def local_datetime(zone_name: str, day: dt.date, at: dt.time) -> dt.datetime:
    """An aware datetime for a wall-clock time on a local date.

    A time that does not exist (skipped by a spring-forward change) moves forward by the size of
    the gap; a time that happens twice (autumn) means its first occurrence.
    """
    zone = zoneinfo.ZoneInfo(zone_name)
    naive = dt.datetime.combine(day, at)
    candidate = naive.replace(tzinfo=zone, fold=0)
    # Round-tripping through UTC exposes a non-existent wall time: it comes back different.
    round_trip = candidate.astimezone(dt.UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != naive:
        return round_trip
    return candidate
