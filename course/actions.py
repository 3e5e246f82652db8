"""Writes that touch several course models at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count

from accounts.models import User
from course.calendar import COURSE_WEEKS, local_datetime, week_dates
from course.models import (
    AssignmentBase,
    Attendance,
    ClassSession,
    Cohort,
    CohortAssignment,
    Curriculum,
    Enrolment,
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
    return _copy_assignments(
        cohort, templates, week_of=lambda t: t.week.number, copied_from_of=lambda t: t.pk
    )


def _copy_assignments(
    cohort: Cohort,
    sources: Sequence[AssignmentBase],
    *,
    week_of: Callable[[Any], int],
    copied_from_of: Callable[[Any], int | None],
) -> list[CohortAssignment]:
    """Bulk-copy targets (from the curriculum or another cohort) with their alternates."""
    copies = CohortAssignment.objects.bulk_create(
        [
            CohortAssignment(
                cohort=cohort,
                week=week_of(source),
                position=source.position,
                practice_id=source.practice_id,
                target_minutes_per_day=source.target_minutes_per_day,
                target_days_per_week=source.target_days_per_week,
                note=source.note,
                copied_from_id=copied_from_of(source),
            )
            for source in sources
        ]
    )
    through = CohortAssignment.also_counts.through
    through.objects.bulk_create(
        [
            through(cohortassignment_id=copy.pk, practice_id=practice.pk)
            for copy, source in zip(copies, sources, strict=True)
            for practice in source.also_counts.all()
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
        day = week_dates(cohort, week)[0]
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


# Fields that decide when the class sessions fall: changing one re-plans the sessions.
SCHEDULE_FIELDS = (
    "start_date",
    "time_zone",
    "class_time",
    "class_duration_minutes",
    "orientation_date",
    "day_of_mindfulness",
)


class ScheduleLocked(Exception):
    """The schedule cannot be re-planned once attendance has been taken."""


@transaction.atomic
def update_cohort(cohort: Cohort, changed: Iterable[str]) -> Cohort:
    """Save an edited cohort; re-plan its sessions if the schedule changed.

    Re-planning throws away moved or cancelled sessions, so it is refused once any attendance
    exists (the form reports that next to the fields).
    """
    changed = set(changed)
    cohort.full_clean()
    cohort.save()
    if changed & set(SCHEDULE_FIELDS):
        if Attendance.objects.filter(session__cohort=cohort).exists():
            raise ScheduleLocked(
                "Attendance has been taken, so the schedule can no longer be re-planned. "
                "Move or cancel single sessions instead."
            )
        cohort.sessions.all().delete()
        generate_sessions(cohort)
    if "completion_threshold" in changed:
        update_completion(cohort)
    return cohort


@transaction.atomic
def clone_cohort(
    source: Cohort, *, title: str, start_date: dt.date, instructors: Iterable[User]
) -> Cohort:
    """A new cohort like `source`, `start_date` later: its own targets and sessions, shifted.

    Targets are copied from the source cohort (with the teacher's edits), not the curriculum.
    Sessions keep their local time and the shift in days; cancellations are not carried over,
    since holidays fall differently each time.
    """
    shift = start_date - source.start_date

    def moved(day: dt.date | None) -> dt.date | None:
        return day + shift if day else None

    cohort = Cohort(
        curriculum=source.curriculum,
        title=title,
        start_date=start_date,
        time_zone=source.time_zone,
        class_time=source.class_time,
        class_duration_minutes=source.class_duration_minutes,
        location=source.location,
        video_link=source.video_link,
        capacity=source.capacity,
        orientation_date=moved(source.orientation_date),
        day_of_mindfulness=moved(source.day_of_mindfulness),
        completion_threshold=source.completion_threshold,
    )
    cohort.full_clean()
    cohort.save()
    cohort.instructors.set(list(instructors))

    _copy_assignments(
        cohort,
        list(source.assignments.prefetch_related("also_counts")),
        week_of=lambda t: t.week,
        copied_from_of=lambda t: t.copied_from_id,
    )

    zone = source.zone
    ClassSession.objects.bulk_create(
        [
            ClassSession(
                cohort=cohort,
                kind=session.kind,
                number=session.number,
                starts_at=local_datetime(
                    cohort.time_zone,
                    session.starts_at.astimezone(zone).date() + shift,
                    session.starts_at.astimezone(zone).time(),
                ),
                duration_minutes=session.duration_minutes,
                location=session.location,
                video_link=session.video_link,
                note=session.note,
            )
            for session in source.sessions.all()
        ]
    )
    return cohort


def reschedule_session(
    session: ClassSession, *, day: dt.date, at: dt.time, is_cancelled: bool, note: str
) -> ClassSession:
    """Move a session to another local date and time, or cancel it (a holiday)."""
    session.starts_at = local_datetime(session.cohort.time_zone, day, at)
    session.is_cancelled = is_cancelled
    session.note = note
    session.save(update_fields=["starts_at", "is_cancelled", "note"])
    return session


@transaction.atomic
def record_attendance(
    session: ClassSession, marks: dict[int, str | None], recorded_by: User
) -> list[Attendance]:
    """Store one mark per enrolment for `session` (a second save replaces the first).

    `marks` maps enrolment id to an Attendance.Status value, or to None to clear that person's
    mark. Enrolments not in `marks` (say, people who withdrew and are no longer on the form)
    keep what was recorded for them. After class 8 is recorded, completion follows the
    cohort's threshold (see completion_counts).
    """
    cleared = [pk for pk, status in marks.items() if not status]
    Attendance.objects.filter(session=session, enrolment_id__in=cleared).delete()
    rows = Attendance.objects.bulk_create(
        [
            Attendance(session=session, enrolment_id=pk, status=status, recorded_by=recorded_by)
            for pk, status in marks.items()
            if status
        ],
        update_conflicts=True,
        unique_fields=["session", "enrolment"],
        update_fields=["status", "recorded_by", "recorded_at"],
    )
    update_completion(session.cohort)
    return rows


def attended_counts(enrolment_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Per enrolment: classes marked present / absent / excused (one aggregated query).

    Only the eight weekly classes count towards completion; orientation and the day of
    mindfulness are recorded but do not count, and cancelled sessions count for nobody.
    """
    counts: dict[int, dict[str, int]] = {
        pk: dict.fromkeys(Attendance.Status.values, 0) for pk in enrolment_ids
    }
    for pk, status, total in (
        Attendance.objects.filter(
            enrolment_id__in=list(counts),
            session__kind=WeekKind.WEEK,
            session__is_cancelled=False,
        )
        .values_list("enrolment_id", "status")
        .annotate(total=Count("id"))
        .order_by()
    ):
        counts[pk][status] = total
    return counts


def update_completion(cohort: Cohort) -> None:
    """Once the last class has been recorded, mark who completed (present >= threshold).

    Before that, completion is only shown as a projection on the roster: marking people as
    completed mid-course would take them out of "active" on their own pages.
    """
    last_class = (
        cohort.sessions.filter(kind=WeekKind.WEEK, is_cancelled=False)
        .order_by("-starts_at")
        .first()
    )
    if last_class is None or not last_class.attendance.exists():
        return
    enrolments = list(
        cohort.enrolments.filter(status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED])
    )
    counts = attended_counts(e.pk for e in enrolments)
    done = [e.pk for e in enrolments if counts[e.pk]["present"] >= cohort.completion_threshold]
    cohort.enrolments.filter(pk__in=done, status=Enrolment.Status.ACTIVE).update(
        status=Enrolment.Status.COMPLETED
    )
    cohort.enrolments.filter(status=Enrolment.Status.COMPLETED).exclude(pk__in=done).update(
        status=Enrolment.Status.ACTIVE
    )
