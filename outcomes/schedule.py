"""When each questionnaire is open, from the cohort's dates in the cohort's own time zone.

Windows open and close at local midnights (except baseline, which closes when class 1 starts),
computed with course/calendar.py so a daylight-saving change never moves an edge by an hour:

- intake and baseline: from enrolment until class 1 starts;
- end of course: from the first day of week 8 to the end of the 14th day after the course ends;
- follow-ups: 26 and 52 weeks after class 1, open from 14 days before to 14 days after that
  date inclusive (a four-week window: long enough for a reminder and a second try, short enough
  that "six months on" still means six months). Each can be switched off per cohort.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from course import calendar
from course.models import Cohort
from outcomes.models import CohortOutcomeSettings, TimePoint

END_OF_COURSE_GRACE = dt.timedelta(days=14)
FOLLOW_UP_MARGIN = dt.timedelta(days=14)
FOLLOW_UP_WEEKS = {TimePoint.FOLLOW_UP_26: 26, TimePoint.FOLLOW_UP_52: 52}
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Window:
    time_point: str
    opens_at: dt.datetime
    closes_at: dt.datetime  # exclusive

    def is_open(self, now: dt.datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    @property
    def label(self) -> str:
        return TimePoint(self.time_point).label


def _midnight(cohort: Cohort, day: dt.date) -> dt.datetime:
    return calendar.local_datetime(cohort.time_zone, day, dt.time(0, 0))


def class_one_start(cohort: Cohort, scheduled: dt.datetime | None = None) -> dt.datetime:
    """When class 1 begins: its session's time if known, else the cohort's start date and time."""
    if scheduled is not None:
        return scheduled
    return calendar.local_datetime(cohort.time_zone, cohort.start_date, cohort.class_time)


def windows(
    cohort: Cohort,
    enrolled_at: dt.datetime,
    *,
    settings: CohortOutcomeSettings | None = None,
    class_one_at: dt.datetime | None = None,
) -> dict[str, Window]:
    """Every time point this cohort asks at, with its window (follow-ups switched off are left out).

    A person who joins after class 1 has an empty baseline window: a "before" measured during
    the course would not be a baseline.
    """
    settings = settings or CohortOutcomeSettings(cohort=cohort)
    first_class = class_one_start(cohort, class_one_at)
    before = Window(TimePoint.BASELINE, enrolled_at, max(enrolled_at, first_class))
    week_8 = calendar.week_dates(cohort, calendar.COURSE_WEEKS)[0]
    last_day = calendar.course_end_date(cohort)
    result = {
        TimePoint.INTAKE: Window(TimePoint.INTAKE, before.opens_at, before.closes_at),
        TimePoint.BASELINE: before,
        TimePoint.END_OF_COURSE: Window(
            TimePoint.END_OF_COURSE,
            _midnight(cohort, week_8),
            _midnight(cohort, last_day + END_OF_COURSE_GRACE + ONE_DAY),
        ),
    }
    for point, weeks in FOLLOW_UP_WEEKS.items():
        if settings.asks(point):
            target = cohort.start_date + dt.timedelta(weeks=weeks)
            result[point] = Window(
                point,
                _midnight(cohort, target - FOLLOW_UP_MARGIN),
                _midnight(cohort, target + FOLLOW_UP_MARGIN + ONE_DAY),
            )
    return {str(k): v for k, v in result.items()}


def open_windows(
    cohort: Cohort,
    enrolled_at: dt.datetime,
    now: dt.datetime,
    *,
    settings: CohortOutcomeSettings | None = None,
    class_one_at: dt.datetime | None = None,
) -> list[Window]:
    every = windows(cohort, enrolled_at, settings=settings, class_one_at=class_one_at)
    return [w for w in every.values() if w.is_open(now)]
