"""Writes that touch several course rows at once: cohorts, sessions, attendance, invitations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from course import freshness
from course.calendar import COURSE_WEEKS, local_datetime, week_dates
from course.invitations import (
    RESEND_COOLDOWN,
    InvitationRefused,
    InviteResult,
    check_usable,
    parse_addresses,
    places_left,
    sends_left_this_hour,
)
from course.models import (
    AssignmentBase,
    Attendance,
    ClassSession,
    Cohort,
    CohortAssignment,
    Curriculum,
    Enrolment,
    Invitation,
    PracticeAssignment,
    WeekKind,
)
from course.rules import is_complete
from course.selectors import attended_counts

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
    if cohort.day_of_mindfulness is None:
        cohort.day_of_mindfulness = default_day_of_mindfulness(start_date)
    cohort.full_clean()
    cohort.save()
    cohort.instructors.set(list(instructors))
    copy_targets(cohort)
    generate_sessions(cohort)
    return cohort


def default_day_of_mindfulness(start_date: dt.date) -> dt.date:
    """The Saturday after class 6, where the course traditionally holds its silent day (the
    form says so): a cohort is never left without one by an empty field."""
    class_six = start_date + dt.timedelta(days=35)
    return class_six + dt.timedelta(days=(5 - class_six.weekday()) % 7 or 7)


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
    freshness.cohort_changed(cohort.pk)  # bulk_create sends no signals
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
    created = ClassSession.objects.bulk_create(sessions)
    freshness.cohort_changed(cohort.pk)  # bulk_create sends no signals
    return created


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
    if cohort.day_of_mindfulness is None:
        cohort.day_of_mindfulness = default_day_of_mindfulness(cohort.start_date)
        changed.add("day_of_mindfulness")
    cohort.full_clean()
    cohort.save()
    if changed & set(SCHEDULE_FIELDS):
        if Attendance.objects.filter(session__cohort=cohort).exists():
            raise ScheduleLocked(
                "Attendance has been taken, so the schedule can no longer be re-planned. "
                "Move or cancel single sessions instead."
            )
        # Re-planning makes new sessions (new calendar entries): once a session was moved or
        # cancelled, or the first one is a day away (its reminder may have gone), people hold
        # entries that would be orphaned; single moves tell them properly instead.
        first = cohort.sessions.order_by("starts_at").first()
        if cohort.sessions.filter(sequence__gt=0).exists() or (
            first is not None and first.starts_at <= timezone.now() + dt.timedelta(days=1)
        ):
            raise ScheduleLocked(
                "Sessions have been moved, or participants have been told of the first one, so "
                "the whole schedule can no longer be re-planned. Move or cancel single sessions "
                "instead: participants are told of each change."
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
        day_of_mindfulness=moved(source.day_of_mindfulness)
        or default_day_of_mindfulness(start_date),
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
    freshness.cohort_changed(cohort.pk)  # bulk_create sends no signals
    return cohort


def add_session(cohort: Cohort, kind: str, day: dt.date, at: dt.time) -> ClassSession:
    """Plan a missing orientation or day of mindfulness (cohorts made before either was
    always planned, or whose session was deleted in the admin)."""
    if kind == WeekKind.ORIENTATION:
        number, minutes = 0, ORIENTATION_MINUTES
    elif kind == WeekKind.RETREAT:
        number, minutes = cohort.week_on(day) or COURSE_WEEKS, RETREAT_MINUTES
    else:
        raise ValueError("Only an orientation or a day of mindfulness can be added.")
    return ClassSession.objects.create(
        cohort=cohort,
        kind=kind,
        number=number,
        starts_at=local_datetime(cohort.time_zone, day, at),
        duration_minutes=minutes,
    )


def reschedule_session(
    session: ClassSession, *, day: dt.date, at: dt.time, is_cancelled: bool, note: str
) -> ClassSession:
    """Move a session to another local date and time, or cancel it (a holiday).

    A change of time or of cancellation raises the session's sequence: calendars then replace
    the entry they hold, and the class's reminders and digest are due anew."""
    starts_at = local_datetime(session.cohort.time_zone, day, at)
    if starts_at != session.starts_at or is_cancelled != session.is_cancelled:
        session.sequence += 1
    session.starts_at = starts_at
    session.is_cancelled = is_cancelled
    session.note = note
    session.save(update_fields=["starts_at", "is_cancelled", "note", "sequence"])
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
    # bulk_create sends no signals: these people's cached figures are out of date.
    freshness.enrolments_changed(marks)
    update_completion(session.cohort)
    return rows


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
    done = [e.pk for e in enrolments if is_complete(cohort, counts[e.pk])]
    cohort.enrolments.filter(pk__in=done, status=Enrolment.Status.ACTIVE).update(
        status=Enrolment.Status.COMPLETED
    )
    cohort.enrolments.filter(status=Enrolment.Status.COMPLETED).exclude(pk__in=done).update(
        status=Enrolment.Status.ACTIVE
    )
    freshness.enrolments_changed(e.pk for e in enrolments)  # update() sends no signals


# --- Invitations --------------------------------------------------------------------------------


@transaction.atomic
def create_invitations(
    cohort: Cohort, instructor: User, text: str
) -> tuple[InviteResult, list[Invitation]]:
    """Invitation rows for every valid address in `text` not yet enrolled or invited; the
    result reports the rest. All-or-nothing on capacity and the hourly limit. Sends nothing:
    teach.actions.invite e-mails the links once these rows are committed."""
    # Lock the cohort so two instructors inviting at once cannot both take the last place.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    result = InviteResult()
    addresses, result.invalid = parse_addresses(text)
    enrolled = set(
        cohort.enrolments.exclude(status=Enrolment.Status.WITHDRAWN)
        .annotate(address=Lower("participant__email"))
        .values_list("address", flat=True)
    )
    existing: dict[str, Invitation] = {
        invitation.email.lower(): invitation
        for invitation in cohort.invitations.annotate(address=Lower("email")).filter(
            address__in=addresses
        )
    }
    new = []
    # Someone who accepted once and then withdrew may be invited back: their invitation (one
    # per address and cohort) is reopened with a fresh link rather than refused as a duplicate.
    reopen: list[Invitation] = []
    for address in addresses:
        if address in enrolled:
            result.already_enrolled.append(address)
        elif address in existing and existing[address].accepted_at is not None:
            reopen.append(existing[address])
        elif address in existing:
            result.already_invited.append(address)
        else:
            new.append(address)
    if not new and not reopen:
        return result, []
    if len(new) + len(reopen) > places_left(cohort):
        result.error = (
            f"This cohort has {max(0, places_left(cohort))} place(s) left (capacity "
            f"{cohort.capacity}, counting open invitations); {len(new)} new address(es) were "
            "given. Raise the capacity or invite fewer people."
        )
        return result, []
    if len(new) + len(reopen) > sends_left_this_hour(instructor):
        result.error = (
            f"You can send {sends_left_this_hour(instructor)} more invitation(s) this hour "
            f"(limit {settings.INVITATIONS_PER_HOUR} an hour). Try again later."
        )
        return result, []
    now = timezone.now()
    created = Invitation.objects.bulk_create(
        [
            Invitation(
                cohort=cohort,
                email=address,
                invited_by=instructor,
                created_at=now,
                last_sent_at=now,
            )
            for address in new
        ]
    )
    for invitation in reopen:
        invitation.accepted_at = invitation.accepted_by = invitation.revoked_at = None
        invitation.send_count += 1
        invitation.last_sent_at = now
        invitation.invited_by = instructor
        invitation.save(
            update_fields=[
                "accepted_at",
                "accepted_by",
                "revoked_at",
                "send_count",
                "last_sent_at",
                "invited_by",
            ]
        )
    everyone: list[Invitation] = [*created, *reopen]
    for invitation in everyone:
        invitation.cohort = cohort
    return result, everyone


def renew_invitation(invitation: Invitation, instructor: User) -> str:
    """Make a fresh link (the old one stops working) for teach to send. Returns an error
    message, or '' once renewed."""
    if invitation.accepted_at:
        return "This invitation was already accepted."
    # The hourly limit counts invitations; the cooldown stops one inbox from being flooded by
    # resending the same invitation over and over.
    ready_at = invitation.last_sent_at + RESEND_COOLDOWN
    if timezone.now() < ready_at:
        return (
            "This invitation was sent less than "
            f"{RESEND_COOLDOWN.seconds // 60} minutes ago; please wait before sending it again."
        )
    if sends_left_this_hour(instructor) < 1:
        return f"You have reached the limit of {settings.INVITATIONS_PER_HOUR} invitations an hour."
    if invitation.status_at() != Invitation.Status.PENDING and places_left(invitation.cohort) < 1:
        return "The cohort is full: raise its capacity before renewing this invitation."
    invitation.send_count += 1
    invitation.last_sent_at = timezone.now()
    invitation.revoked_at = None
    invitation.invited_by = instructor
    invitation.save(update_fields=["send_count", "last_sent_at", "revoked_at", "invited_by"])
    return ""


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> Enrolment:
    """Enrol `user` in the invitation's cohort, once, within capacity."""
    cohort = Cohort.objects.select_for_update().get(pk=invitation.cohort_id)
    # Re-read under the lock: two tabs accepting at once must not both succeed.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_usable(invitation)
    if user.email.lower() != invitation.email.lower():
        raise InvitationRefused("other_account")
    enrolment = Enrolment.objects.filter(cohort=cohort, participant=user).first()
    taken = cohort.enrolments.exclude(status=Enrolment.Status.WITHDRAWN).count()
    if (
        enrolment is None or enrolment.status == Enrolment.Status.WITHDRAWN
    ) and taken >= cohort.capacity:
        raise InvitationRefused("full")
    if enrolment is None:
        enrolment = Enrolment.objects.create(
            cohort=cohort,
            participant=user,
            status=Enrolment.Status.ACTIVE,
            joined_at=timezone.now(),
        )
    else:
        enrolment.activate()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return enrolment
