"""The one function that maps local dates to course weeks, and local wall times to instants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from course.calendar import (
    BEFORE_COURSE,
    course_end_date,
    course_week,
    local_date,
    local_datetime,
    week_dates,
)


@dataclass
class FakeCohort:
    start_date: dt.date
    time_zone: str


UTC = dt.UTC
# Monday 2 March 2026; New York springs forward on Sunday 8 March 2026.
NEW_YORK = FakeCohort(dt.date(2026, 3, 2), "America/New_York")


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (dt.date(2026, 2, 1), BEFORE_COURSE),
        (dt.date(2026, 3, 1), BEFORE_COURSE),  # the day before class 1
        (dt.date(2026, 3, 2), 1),  # class 1
        (dt.date(2026, 3, 8), 1),  # last day of week 1
        (dt.date(2026, 3, 9), 2),  # first day of week 2
        (dt.date(2026, 4, 26), 8),  # last day of week 8
        (dt.date(2026, 4, 27), None),  # the course is over
        (dt.date(2027, 1, 1), None),
    ],
)
def test_it_maps_local_dates_to_weeks_at_the_edges(day: dt.date, week: int | None) -> None:
    assert course_week(NEW_YORK, day) == week


def test_week_edges_follow_local_midnight_across_spring_forward() -> None:
    # 23:30 on Sunday 8 March in New York (already EDT, UTC-4) is still week 1 ...
    assert (
        course_week(NEW_YORK, local_date(NEW_YORK, dt.datetime(2026, 3, 9, 3, 30, tzinfo=UTC))) == 1
    )
    # ... and 00:30 on Monday 9 March is week 2. A fixed UTC-5 offset would still say week 1.
    assert (
        course_week(NEW_YORK, local_date(NEW_YORK, dt.datetime(2026, 3, 9, 4, 30, tzinfo=UTC))) == 2
    )


def test_week_edges_follow_local_midnight_across_fall_back() -> None:
    # Berlin falls back on Sunday 25 October 2026; a cohort starting Monday 19 October.
    berlin = FakeCohort(dt.date(2026, 10, 19), "Europe/Berlin")
    # 23:59 CET on the 25th = 22:59 UTC: week 1. 00:00 CET on the 26th = 23:00 UTC: week 2.
    assert (
        course_week(berlin, local_date(berlin, dt.datetime(2026, 10, 25, 22, 59, tzinfo=UTC))) == 1
    )
    assert (
        course_week(berlin, local_date(berlin, dt.datetime(2026, 10, 25, 23, 0, tzinfo=UTC))) == 2
    )


def test_a_southern_hemisphere_cohort_uses_its_own_offset() -> None:
    # Lord Howe moves by half an hour (UTC+11 in summer). 13:00 UTC on 5 April 2026 is already
    # 00:00 on the 6th there after the change back to UTC+10:30 at 02:00 local on the 5th.
    lord_howe = FakeCohort(dt.date(2026, 3, 30), "Australia/Lord_Howe")
    assert local_date(lord_howe, dt.datetime(2026, 4, 5, 13, 29, tzinfo=UTC)) == dt.date(2026, 4, 5)
    assert local_date(lord_howe, dt.datetime(2026, 4, 5, 13, 30, tzinfo=UTC)) == dt.date(2026, 4, 6)
    assert course_week(lord_howe, dt.date(2026, 4, 6)) == 2


def test_local_date_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_date(NEW_YORK, dt.datetime(2026, 3, 9, 12, 0))


def test_week_dates_cover_seven_days_and_reject_weeks_outside_the_course() -> None:
    assert week_dates(NEW_YORK, 2) == (dt.date(2026, 3, 9), dt.date(2026, 3, 15))
    assert course_end_date(NEW_YORK) == dt.date(2026, 4, 26)
    for bad in (0, 9):
        with pytest.raises(ValueError, match="between 1 and 8"):
            week_dates(NEW_YORK, bad)


def test_a_wall_time_skipped_by_spring_forward_moves_forward() -> None:
    instant = local_datetime("America/New_York", dt.date(2026, 3, 8), dt.time(2, 30))
    assert instant.astimezone(UTC) == dt.datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT
    assert (instant.hour, instant.minute) == (3, 30)


def test_a_wall_time_that_happens_twice_means_the_first_one() -> None:
    instant = local_datetime("America/New_York", dt.date(2026, 11, 1), dt.time(1, 30))
    assert instant.astimezone(UTC) == dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT


def test_an_ordinary_wall_time_keeps_its_offset_on_each_side_of_a_change() -> None:
    before = local_datetime("Europe/Berlin", dt.date(2026, 3, 28), dt.time(18, 30))
    after = local_datetime("Europe/Berlin", dt.date(2026, 3, 30), dt.time(18, 30))
    assert before.astimezone(UTC).hour == 17  # CET, UTC+1
    assert after.astimezone(UTC).hour == 16  # CEST, UTC+2
