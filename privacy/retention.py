"""Which finished cohorts have been kept long enough (STILLPOINT_RETENTION_DAYS after the end)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from course.calendar import COURSE_WEEKS, course_end_date
from course.models import Cohort


def retention_cut_off(today: dt.date) -> dt.date:
    """Cohorts whose last course day is before this date are due for anonymising."""
    return today - dt.timedelta(days=settings.STILLPOINT_RETENTION_DAYS)


def cohorts_due(today: dt.date) -> list[Cohort]:
    """Finished cohorts past retention that are not anonymised yet (two queries)."""
    cut_off = retention_cut_off(today)
    # A cohort ends COURSE_WEEKS weeks after class 1: narrow in SQL, then check each exactly.
    latest_start = cut_off - dt.timedelta(weeks=COURSE_WEEKS) + dt.timedelta(days=1)
    candidates = Cohort.objects.filter(start_date__lte=latest_start, anonymised__isnull=True)
    return [c for c in candidates.order_by("start_date") if course_end_date(c) < cut_off]
