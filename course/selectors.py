"""Reads about cohorts and classes that several pages and e-mails share, each in one query or two.

Two counts of classes, named apart because they answer different questions:
- `classes_planned`: weekly classes not cancelled, whether or not they have happened yet (what
  a participant can still attend, for the completion rule);
- `classes_held`: weekly classes not cancelled that have already started by a moment (what the
  digest reports as held so far).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet

from course.models import Announcement, Attendance, ClassSession, Cohort, Enrolment, WeekKind


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


def weekly_classes(cohort_ids: Iterable[int]) -> QuerySet[ClassSession]:
    """The eight weekly classes of these cohorts, cancelled ones left out."""
    return ClassSession.objects.filter(
        cohort_id__in=list(cohort_ids), kind=WeekKind.WEEK, is_cancelled=False
    )


def classes_planned(cohort: Cohort) -> int:
    """Weekly classes that take or took place: a cancelled one can be attended by nobody."""
    return weekly_classes([cohort.pk]).count()


def classes_held(class_starts: Iterable[dt.datetime], before: dt.datetime) -> int:
    """Of these (not cancelled) weekly class start times, how many had begun by `before`."""
    return sum(1 for starts in class_starts if starts < before)


def latest_class_marks(before: Mapping[int, dt.datetime]) -> dict[int, str]:
    """ "The last class": per cohort in `before`, the latest weekly class held before its moment
    that has attendance recorded, and each enrolment's mark there (two queries in all).

    A class that has just happened but is not marked yet does not hide the one before it.
    """
    return marks_at(latest_marked_classes(before).values())


def latest_marked_classes(before: Mapping[int, dt.datetime]) -> dict[int, int]:
    """Per cohort in `before`: the id of the latest weekly class held before its moment that has
    attendance recorded (one query; see latest_class_marks)."""
    if not before:
        return {}
    latest: dict[int, int] = {}
    marked = Attendance.objects.filter(session=OuterRef("pk"))
    for pk, cohort_id, starts_at in (
        # EXISTS rather than a join and DISTINCT: a class has one mark per person.
        weekly_classes(before)
        .filter(Exists(marked))
        .order_by("cohort_id", "starts_at")
        .values_list("pk", "cohort_id", "starts_at")
    ):
        if starts_at <= before[cohort_id]:
            latest[cohort_id] = pk
    return latest


def marks_at(session_ids: Iterable[int]) -> dict[int, str]:
    """Each enrolment's mark at these classes (one query, none for no classes)."""
    ids = list(session_ids)
    if not ids:
        return {}
    return dict(Attendance.objects.filter(session__in=ids).values_list("enrolment_id", "status"))


def announcements_for(enrolment: Enrolment, limit: int = 5) -> QuerySet[Announcement]:
    """The latest announcements this participant received and has not dismissed, newest first
    (one query, however many there are: the dismissals are a NOT EXISTS on their unique index).

    For the participant's dashboard: `{% include "course/_announcements.html" %}` with
    `announcements` set to this. Dismissed ones stay on `received_announcements`.
    """
    return (
        received_announcements(enrolment)
        .exclude(dismissals__enrolment=enrolment)[:limit]
    )


def received_announcements(enrolment: Enrolment) -> QuerySet[Announcement]:
    """Every announcement sent to this participant, dismissed or not, newest first: their
    announcements page pages through it. Only their own: a cohort's announcement that went to
    others (the flagged ones, say) is not theirs to read."""
    return (
        Announcement.objects.filter(recipients=enrolment)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class TeachingOrder:
    """A cohort's sessions as an instructor looks for them: the next one first."""

    next: ClassSession | None
    later: list[ClassSession]
    earlier: list[ClassSession]  # most recent first


def sessions_in_teaching_order(cohort: Cohort, now: dt.datetime | None = None) -> TeachingOrder:
    """The schedule with the session to teach and take attendance at next on top (one query).

    "Next" is the first session not cancelled whose local day is today or later in the cohort's
    time zone, so on the day of a class it stays on top after the class has ended, while the
    instructor takes attendance. Each session carries `marked`, the number of attendance marks
    recorded for it.
    """
    today = cohort.local_today(now)
    sessions: list[ClassSession] = list(
        cohort.sessions.annotate(marked=Count("attendance")).order_by("starts_at", "number")
    )
    for session in sessions:
        session.cohort = cohort  # labels and local times read it; no query per session
    upcoming = [s for s in sessions if s.starts_at.astimezone(cohort.zone).date() >= today]
    earlier = [s for s in sessions if s not in upcoming]
    nxt = next((s for s in upcoming if not s.is_cancelled), None)
    return TeachingOrder(
        next=nxt,
        later=[s for s in upcoming if s is not nxt],
        earlier=earlier[::-1],
    )
