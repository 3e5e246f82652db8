"""What is due about questionnaires: intake reminders, and the instructor digest before class 1.

Kept apart from due.py so each stays one thing; `due.dispatch_due` calls `dispatch` here and
passes in its ledger insert and digest time, so this module never imports due (no loop).

Intake reminders go to each active participant who has not sent the intake, 3 days and 1 day
before class 1, at 09:00 in the participant's own time zone on those local dates. A fixed
morning hour, not the daily practice reminder time: that one is chosen for practising, and a
questionnaire is better met over breakfast than at bedtime. Each reminder has its own ledger
key (enrolment and days before), so it goes once; someone who joins after a reminder's moment
does not get it late, and the send stage re-checks that the intake is still unanswered.

The class-1 digest goes to the cohort's instructors on the morning of class 1 (as the weekly
digests do before later classes) and lists who has not answered and who to talk to first.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

from course.calendar import local_datetime
from course.models import ClassSession, Cohort, Enrolment, WeekKind
from notifications.models import Delivery, Kind
from outcomes.intake import INSTRUMENT
from outcomes.models import Instrument, Response, TimePoint

INTAKE_REMINDER_AT = dt.time(9, 0)
INTAKE_REMINDER_DAYS = (3, 1)
# Look far enough ahead to see every class 1 whose 3-day reminder may be due now.
HORIZON = dt.timedelta(days=max(INTAKE_REMINDER_DAYS) + 2)
# As for daily reminders: after an outage, a reminder more than an hour late is not sent.
STALE_AFTER = dt.timedelta(hours=1)

Insert = Callable[[str, list[Delivery], dt.datetime], list[int]]


def in_utc(instant: dt.datetime) -> dt.datetime:
    return instant.astimezone(dt.UTC)


def intake_period(enrolment: Enrolment, days: int) -> str:
    return f"intake:{enrolment.public_id}:{days}d"


def intake_reminder_due(time_zone: str, class_one_at: dt.datetime, days: int) -> dt.datetime:
    """09:00 on the person's local date `days` before class 1 (as they see its date)."""
    local_day = class_one_at.astimezone(zoneinfo.ZoneInfo(time_zone)).date()
    return in_utc(
        local_datetime(time_zone, local_day - dt.timedelta(days=days), INTAKE_REMINDER_AT)
    )


def why_no_intake_reminder(
    *,
    due: dt.datetime,
    now: dt.datetime,
    class_one_at: dt.datetime,
    joined_at: dt.datetime,
    answered: bool,
) -> str:
    """The one rule for an intake reminder: '' if it should go, else why not. Asked when the
    tick writes the row and again just before sending."""
    if answered:
        return "The intake was already answered."
    if now >= class_one_at:
        return "Class 1 has started."
    if joined_at > due:
        return "Joined after this reminder's moment."
    if now > due + STALE_AFTER:
        return "Too late to be useful."
    return ""


def intake_is_asked() -> bool:
    found = Instrument.objects.filter(slug=INSTRUMENT, usable=True).first()
    return found is not None and found.asked_at(TimePoint.INTAKE)


def answered_intakes(enrolment_ids: list[int]) -> set[int]:
    return set(
        Response.objects.filter(
            enrolment_id__in=enrolment_ids,
            instrument__slug=INSTRUMENT,
            time_point=TimePoint.INTAKE,
            status=Response.Status.SUBMITTED,
        ).values_list("enrolment_id", flat=True)
    )


def _class_ones(now: dt.datetime, within: dt.timedelta) -> list[ClassSession]:
    return list(
        ClassSession.objects.filter(
            kind=WeekKind.WEEK,
            number=1,
            is_cancelled=False,
            starts_at__gt=now,
            starts_at__lte=now + within,
        ).select_related("cohort")
    )


def dispatch_intake_reminders(now: dt.datetime, insert: Insert) -> list[int]:
    """Write the intake reminders due now. Fixed queries: the instrument, the classes, the
    enrolments, the answered intakes, then the ledger insert."""
    sessions = _class_ones(now, HORIZON)
    if not sessions or not intake_is_asked():
        return []
    by_cohort = {s.cohort_id: s for s in sessions}
    enrolments = list(
        Enrolment.objects.filter(
            cohort_id__in=by_cohort, status=Enrolment.Status.ACTIVE
        ).select_related("participant")
    )
    answered = answered_intakes([e.pk for e in enrolments])
    rows = []
    for enrolment in enrolments:
        session = by_cohort[enrolment.cohort_id]
        user = enrolment.participant
        for days in INTAKE_REMINDER_DAYS:
            due = intake_reminder_due(user.time_zone, session.starts_at, days)
            if due > now:
                continue
            refusal = why_no_intake_reminder(
                due=due,
                now=now,
                class_one_at=session.starts_at,
                joined_at=enrolment.joined_at or enrolment.created_at,
                answered=enrolment.pk in answered,
            )
            if not refusal:
                rows.append(
                    Delivery(
                        recipient=user,
                        kind=Kind.QUESTIONNAIRE,
                        period=intake_period(enrolment, days),
                        context={
                            "enrolment": enrolment.pk,
                            "days": days,
                            "session": str(session.public_id),
                        },
                        next_attempt_at=now,
                    )
                )
    return insert(Kind.QUESTIONNAIRE, rows, now)


def dispatch_class_one_digests(
    now: dt.datetime, insert: Insert, digest_due: Callable[[ClassSession], dt.datetime]
) -> list[int]:
    """The instructors' digest on the morning of class 1 (the intake lists only), at the time
    and with the ledger key (session.period_key) of every other digest."""
    sessions = {
        s.cohort_id: s for s in _class_ones(now, dt.timedelta(days=1)) if digest_due(s) <= now
    }
    if not sessions:
        return []
    pairs = Cohort.instructors.through.objects.filter(cohort_id__in=sessions).values_list(
        "cohort_id", "user_id"
    )
    rows = [
        Delivery(
            recipient_id=user_id,
            kind=Kind.DIGEST,
            period=sessions[cohort_id].period_key,
            context={"session": str(sessions[cohort_id].public_id)},
            next_attempt_at=now,
        )
        for cohort_id, user_id in pairs
    ]
    return insert(Kind.DIGEST, rows, now)


def dispatch(
    now: dt.datetime, insert: Insert, digest_due: Callable[[ClassSession], dt.datetime]
) -> list[int]:
    """Everything questionnaire-related due now: called by due.dispatch_due."""
    return [
        *dispatch_intake_reminders(now, insert),
        *dispatch_class_one_digests(now, insert, digest_due),
    ]
