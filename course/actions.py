"""Writes that touch several course models at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from accounts.models import User
from course.calendar import COURSE_WEEKS, local_datetime
from course.models import (
    ClassSession,
    Cohort,
    CohortAssignment,
    Curriculum,
    PracticeAssignment,
    WeekKind,
)

ORIENTATION_MINUTES = 90
RETREAT_START = dt.time(9, 30)
RETREAT_MINUTES = 420
# Class 1 and class 8 traditionally run longer than the others.
LONGER_CLASSES = {1: 30, COURSE_WEEKS: 60}


@transaction.atomic
def create_cohort(
    *,
    curriculum: Curriculum,
    title: str,
    start_date: dt.date,
    time_zone: str,
    instructors: Iterable[User] = (),
    **fields: object,
) -> Cohort:
    """Create a cohort with its own copy of the weekly targets and its class sessions."""
    cohort = Cohort(
        curriculum=curriculum, title=title, start_date=start_date, time_zone=time_zone, **fields
    )
    if cohort.orientation_date is None:
        cohort.orientation_date = start_date - dt.timedelta(days=7)
    cohort.full_clean()
    cohort.save()
    cohort.instructors.set(list(instructors))
    copy_targets(cohort)
    generate_sessions(cohort)
    return cohort


def copy_targets(cohort: Cohort) -> list[CohortAssignment]:
    """Copy the curriculum's practice targets onto the cohort (in a fixed number of queries)."""
    templates = list(
        PracticeAssignment.objects.filter(
            week__curriculum_id=cohort.curriculum_id, week__kind=WeekKind.WEEK
        )
        .select_related("week")
        .prefetch_related("also_counts")
    )
    copies = CohortAssignment.objects.bulk_create(
        [
            CohortAssignment(
                cohort=cohort,
                week=template.week.number,
                position=template.position,
                practice_id=template.practice_id,
                target_minutes_per_day=template.target_minutes_per_day,
                target_days_per_week=template.target_days_per_week,
                note=template.note,
                copied_from=template,
            )
            for template in templates
        ]
    )
    through = CohortAssignment.also_counts.through
    through.objects.bulk_create(
        [
            through(cohortassignment_id=copy.pk, practice_id=practice.pk)
            for copy, template in zip(copies, templates, strict=True)
            for practice in template.also_counts.all()
        ]
    )
    return copies


def generate_sessions(cohort: Cohort) -> list[ClassSession]:
    """Orientation, the eight weekly classes and the day of mindfulness, in local time."""
    sessions = []
    if cohort.orientation_date:
        sessions.append(
            ClassSession(
                cohort=cohort,
                kind=WeekKind.ORIENTATION,
                number=0,
                starts_at=local_datetime(
                    cohort.time_zone, cohort.orientation_date, cohort.class_time
                ),
                duration_minutes=ORIENTATION_MINUTES,
            )
        )
    for week in range(1, COURSE_WEEKS + 1):
        day = cohort.start_date + dt.timedelta(days=7 * (week - 1))
        sessions.append(
            ClassSession(
                cohort=cohort,
                kind=WeekKind.WEEK,
                number=week,
                starts_at=local_datetime(cohort.time_zone, day, cohort.class_time),
                duration_minutes=cohort.class_duration_minutes + LONGER_CLASSES.get(week, 0),
            )
        )
    if cohort.day_of_mindfulness:
        week = cohort.week_on(cohort.day_of_mindfulness) or COURSE_WEEKS
        sessions.append(
            ClassSession(
                cohort=cohort,
                kind=WeekKind.RETREAT,
                number=week,
                starts_at=local_datetime(
                    cohort.time_zone, cohort.day_of_mindfulness, RETREAT_START
                ),
                duration_minutes=RETREAT_MINUTES,
            )
        )
    return ClassSession.objects.bulk_create(sessions)
