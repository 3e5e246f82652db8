"""Questionnaire invitations and their one reminder: what is due, and when (due stage).

Each outcome questionnaire (before the course, end of course, the two follow-ups) has a window
(outcomes/schedule.py). For each window a participant gets, on their own clock:
- an invitation at 09:00 on the first morning the window is open at that hour (a baseline
  window that opens when someone joins at 14:00 is announced the next morning);
- one reminder at 09:00 five local days after the invitation, or three days before the window
  closes if that comes sooner (so a short baseline window still gets a reminder with days left
  to answer); none when that would not fall after the invitation's day.
Nothing goes once the questionnaire is sent, when the person turned these e-mails off, or on a
day their reminders are paused; compose_outcomes asks the same again just before sending.

The ledger key is "<time point>:<enrolment public id>" per kind, so each message exists once.
Intake questionnaires have their own reminders (due_questionnaires.py), so they are left out here.

`notifications.due.dispatch_due` calls `dispatch_questionnaires(now, insert_new)`: the insert is
handed in because due.py imports this module, and its siblings may not import each other back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db.models import Q

from accounts.models import User
from course.calendar import local_datetime
from course.models import Cohort, Enrolment
from notifications.models import Delivery, Kind, NotificationSettings
from outcomes.models import Instrument, TimePoint
from outcomes.schedule import END_OF_COURSE_GRACE, FOLLOW_UP_MARGIN, FOLLOW_UP_WEEKS, Window
from outcomes.selectors import ANSWERING, questionnaires

SEND_AT = dt.time(9, 0)
REMINDER_AFTER = dt.timedelta(days=5)
REMINDER_BEFORE_CLOSE = dt.timedelta(days=3)
# After an outage a late morning message is still useful; an afternoon one is not what we
# promised, so past this it is left out (the other message of the pair may still go).
STALE_AFTER = dt.timedelta(hours=3)
# The time points these messages are for, in the order a participant meets them.
TIME_POINTS = [
    TimePoint.BASELINE,
    TimePoint.END_OF_COURSE,
    TimePoint.FOLLOW_UP_26,
    TimePoint.FOLLOW_UP_52,
]
COURSE_DAYS = 7 * 8

Insert = Callable[[str, list[Delivery], dt.datetime], list[int]]


def period_key(time_point: str, enrolment: Enrolment) -> str:
    return f"{time_point}:{enrolment.public_id}"


def _morning(user: User, day: dt.date) -> dt.datetime:
    return local_datetime(user.time_zone, day, SEND_AT).astimezone(dt.UTC)


def invitation_due(user: User, window: Window) -> dt.datetime | None:
    """The first 09:00 (the person's clock) inside the window, or None if there is none."""
    day = user.local_date(window.opens_at)
    due = _morning(user, day)
    if due < window.opens_at:
        due = _morning(user, day + dt.timedelta(days=1))
    return due if due < window.closes_at else None


def reminder_due(user: User, window: Window) -> dt.datetime | None:
    """09:00 five days after the invitation, or three days before the close if sooner."""
    invited = invitation_due(user, window)
    if invited is None:
        return None
    invited_on = user.local_date(invited)
    closes_on = user.local_date(window.closes_at)
    day = min(invited_on + REMINDER_AFTER, closes_on - REMINDER_BEFORE_CLOSE)
    if day <= invited_on:
        return None
    due = _morning(user, day)
    return due if due < window.closes_at else None


def _settings(user: User) -> NotificationSettings:
    try:
        return user.notification_settings
    except NotificationSettings.DoesNotExist:
        return NotificationSettings(user=user)


def _candidate_cohorts(today: dt.date) -> Q:
    """Cohorts one of whose windows may be open around `today` (a day's margin for zones)."""
    margin = dt.timedelta(days=1)
    course_and_grace = dt.timedelta(days=COURSE_DAYS) + END_OF_COURSE_GRACE + margin
    condition = Q(start_date__gte=today - course_and_grace)  # before class 1 to two weeks after
    for weeks in FOLLOW_UP_WEEKS.values():
        centre = today - dt.timedelta(weeks=weeks)
        condition |= Q(
            start_date__range=(
                centre - FOLLOW_UP_MARGIN - margin,
                centre + FOLLOW_UP_MARGIN + margin,
            )
        )
    return condition


def due_messages(
    now: dt.datetime, instruments: Iterable[Instrument] | None = None
) -> list[Delivery]:
    """Ledger rows (not yet written) for every invitation and reminder due at `now`.

    Queries: the asked instruments, the candidate enrolments with their people and settings,
    then questionnaires()'s three (outcome settings, class 1 times, responses): five in all.
    """
    asked = [
        i
        for i in (
            instruments if instruments is not None else Instrument.objects.filter(usable=True)
        )
        if any(point in TIME_POINTS for point in i.time_points or [])
    ]
    if not asked:
        return []
    cohorts = Cohort.objects.filter(_candidate_cohorts(now.date()))
    enrolments = list(
        Enrolment.objects.filter(cohort__in=cohorts, status__in=ANSWERING).select_related(
            "cohort", "participant__notification_settings"
        )
    )
    rows = []
    for q in questionnaires(enrolments, instruments=asked, answers=False):
        if q.time_point not in TIME_POINTS or q.is_submitted:
            continue
        user = q.enrolment.participant
        prefs = _settings(user)
        if not user.is_active or not prefs.questionnaire_enabled:
            continue
        for kind, due in (
            (Kind.OUTCOME_INVITE, invitation_due(user, q.window)),
            (Kind.OUTCOME_REMINDER, reminder_due(user, q.window)),
        ):
            if due is None or not due <= now < due + STALE_AFTER:
                continue
            if prefs.is_paused_on(user.local_date(due)):
                continue
            rows.append(
                Delivery(
                    recipient=user,
                    kind=kind,
                    period=period_key(q.time_point, q.enrolment),
                    context={"enrolment": q.enrolment.pk, "time_point": q.time_point},
                    next_attempt_at=now,
                )
            )
    return rows


def dispatch_questionnaires(now: dt.datetime, insert: Insert) -> list[int]:
    """Write the due invitations and reminders through `insert` (due.insert_new); their ids."""
    rows = due_messages(now)
    found: list[int] = []
    for kind in (Kind.OUTCOME_INVITE, Kind.OUTCOME_REMINDER):
        of_kind = [r for r in rows if r.kind == kind]
        if of_kind:
            found += insert(kind, of_kind, now)
    return found
