"""What each message says, the second stage of notifications (due → compose → send).

`prepare(deliveries)` loads the batch (batch.py), re-checks that each message is still wanted
(the participant may have practised, paused or unsubscribed since the row was created) and
returns, for each row, either an e-mail or the reason to skip it. One builder per kind returns
the template name, its context and any attachments, or a sentence saying why the message should
not go. Builders never query the database: `load_batch` has already read everything.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from accounts.models import User
from course.calendar import local_date
from course.models import CalendarKind, Enrolment, WeekKind
from course.selectors import classes_held
from homework.progress import WeekProgress
from homework.slipping import slipping_flags
from notifications import compose_conversations, compose_outcomes, ics
from notifications.batch import Batch, load_batch
from notifications.compose_questionnaires import intake_digest, intake_reminder
from notifications.due import read_settings, why_no_daily_reminder
from notifications.emails import build_email
from notifications.models import OPT_OUT_FIELDS, Delivery, Kind
from notifications.signing import unsubscribe_headers, unsubscribe_url

WHAT_TO_BRING: dict[str, str] = {
    WeekKind.ORIENTATION: "Just yourself, and any questions about the course.",
    WeekKind.WEEK: "Comfortable clothes, a mat or blanket to lie on, and some water.",
    WeekKind.RETREAT: "Layers of clothing, a mat and blanket, lunch and a water bottle. "
    "The day is held mostly in silence.",
}


Built = tuple[str, dict[str, Any], list[tuple[str, bytes | str, str]]] | str


def _daily(delivery: Delivery, batch: Batch) -> Built:
    user = delivery.recipient
    if user is None:
        return "Daily reminders go to accounts only."
    day = dt.date.fromisoformat(delivery.period)
    running = [
        e
        for e in batch.enrolments_by_user.get(user.pk, [])
        if e.cohort.start_date <= day <= e.cohort.end_date
    ]
    if not batch.preview:
        refusal = why_no_daily_reminder(
            user,
            read_settings(user),
            day,
            [e.cohort for e in running],
            batch.now,
            practised=(user.pk, day) in batch.practised,
        )
        if refusal:
            return refusal
    enrolment = running[0] if running else None
    week = enrolment.cohort.week_on(day) if enrolment else None
    return (
        "daily-reminder",
        {
            "week": week,
            "log_url": batch.url("homework:log_practice"),
            "week_url": batch.url("homework:week", week) if week else "",
            "cohort": enrolment.cohort.title if enrolment else "",
        },
        [],
    )


def _class(delivery: Delivery, batch: Batch) -> Built:
    user = delivery.recipient
    if user is None:
        return "Class reminders go to accounts only."
    session = batch.sessions.get(delivery.context.get("session", ""))
    if session is None:
        return "The class no longer exists."
    zone = zoneinfo.ZoneInfo(session.cohort.time_zone)
    if not batch.preview:
        if session.is_cancelled:
            return "The class was cancelled."
        if delivery.period != session.period_key:
            return "The class moved; the moved class has its own reminder."
        if session.starts_at <= batch.now:
            return "The class has already started."
        enrolled = batch.enrolments_by_user.get(user.pk, [])
        if not any(e.cohort_id == session.cohort_id for e in enrolled):
            return "No longer enrolled in this cohort."
        # A pause is in the participant's own days, like every other date they enter.
        if read_settings(user).is_paused_on(user.local_date(session.starts_at)):
            return "Reminders are paused."
    own_zone = zoneinfo.ZoneInfo(user.time_zone)
    days_ahead = (
        session.starts_at.astimezone(zone).date() - batch.now.astimezone(zone).date()
    ).days
    when = {0: "Today", 1: "Tomorrow"}.get(
        days_ahead, f"On {session.starts_at.astimezone(zone):%A}"
    )
    return (
        "class-reminder",
        {
            "session": session,
            "when": when,
            "cohort": session.cohort.title,
            # Naive wall-clock times: the template's date filter would otherwise convert aware
            # ones to the worker's own zone (UTC).
            "starts_local": wall_clock(session.starts_at, zone),
            "starts_own": wall_clock(session.starts_at, own_zone),
            "zone_name": zone.key,
            "differs": own_zone.key != zone.key,
            "ends_local": wall_clock(session.ends_at, zone),
            "place": session.place,
            "link": session.link,
            "bring": WHAT_TO_BRING.get(session.kind, WHAT_TO_BRING[WeekKind.WEEK]),
            "note": session.note,
        },
        [("class.ics", ics.session_event(session, attendee=user.email), ics.mimetype(session))],
    )


def wall_clock(instant: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def kind_sentence(week: WeekProgress) -> str:
    """Encouragement that fits the week, never a telling-off."""
    if week.on_track:
        return (
            "You kept a steady practice this week. That steadiness is what the course is built on."
        )
    if week.days_practised:
        return (
            "Every session counts, and you found time for some this week. Whatever you did is "
            "something to build on."
        )
    return (
        "This week did not leave much room for practice, and that is all right. Each day is a "
        "fresh start; even a few minutes counts."
    )


def _trend(this: float | None, before: float | None) -> str:
    if this is None:
        return "no check-ins"
    if before is None:
        return f"{this}"
    word = "lower" if this < before else "higher" if this > before else "the same"
    return f"{before} → {this} ({word})"


def _summary(delivery: Delivery, batch: Batch) -> Built:
    enrolment = batch.enrolments.get(delivery.context.get("enrolment"))
    number = delivery.context.get("week")
    if enrolment is None or not number:
        return "The enrolment no longer exists."
    if enrolment.status not in (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED):
        return "No longer an active participant."
    weeks = batch.progress.get(enrolment.pk, {})
    week = weeks.get(number)
    if week is None:
        return "That week is not part of the course."
    if week.before_joining:
        return "That week ended before they joined."
    before = weeks.get(number - 1)
    cohort = enrolment.cohort
    next_week = batch.next_weeks.get((cohort.curriculum_id, number + 1))
    targets = batch.next_targets.get((cohort.pk, number + 1), [])
    checkins = week.check_ins
    return (
        "weekly-summary",
        {
            "cohort": cohort.title,
            "week": week,
            "number": number,
            "adherence": week.adherence_label if week.adherence is not None else "",
            "calendars": [
                {
                    "label": CalendarKind(kind).label if kind in CalendarKind.values else kind,
                    "done": week.calendar_entries.get(kind, 0),
                    "expected": expected,
                }
                for kind, expected in sorted(week.calendar_expected.items())
            ],
            "stress_trend": _trend(checkins.stress, before.check_ins.stress if before else None),
            "pain_trend": _trend(checkins.pain, before.check_ins.pain if before else None),
            "sentence": kind_sentence(week),
            "next_week": next_week,
            "next_targets": targets,
            "week_url": batch.url("homework:week", number),
            "dashboard_url": batch.url("home"),
        },
        [],
    )


def _digest(delivery: Delivery, batch: Batch) -> Built:
    session = batch.sessions.get(delivery.context.get("session", ""))
    if session is None or session.is_cancelled:
        return "The class was cancelled."
    if not batch.preview and delivery.period != session.period_key:
        return "The class moved; the moved class has its own digest."
    if session.number < 2:  # no week has ended yet: the intake is what there is to tell
        return intake_digest(session, batch)
    week_number = session.number - 1
    cohort = session.cohort
    if not batch.preview and local_date(cohort, session.starts_at) != local_date(cohort, batch.now):
        # The class moved after this row was written; the moved class has its own digest.
        return "The class is no longer on this day."
    roster = []
    for enrolment in batch.rosters.get(session.cohort_id, []):
        weeks = batch.progress.get(enrolment.pk, {})
        week = weeks.get(week_number)
        if week is None or week.before_joining:
            continue
        joined = local_date(cohort, enrolment.joined_at or session.starts_at)
        # Each person's own today: their week may not have ended yet on their clock.
        today = enrolment.participant.local_date(batch.now)
        flags = slipping_flags(
            today=today,
            week=cohort.week_on(today),
            since=batch.last_practice.get(enrolment.pk) or max(cohort.start_date, joined),
            latest_mark=batch.marks.get(enrolment.pk),
            weeks=weeks.values(),
        )
        roster.append(
            {
                "name": enrolment.participant.get_full_name(),
                "summary": week.summary,
                "adherence": week.adherence_label if week.adherence is not None else "",
                # Counted only as far as their week has ended, and said so.
                "so_far": not week.is_over,
                "flags": flags,
                "present": batch.attendance.get(enrolment.pk, {}).get("present", 0),
            }
        )
    classes = batch.weekly_classes.get(session.cohort_id, [])
    zone = zoneinfo.ZoneInfo(cohort.time_zone)
    return (
        "instructor-digest",
        {
            "session": session,
            "cohort": cohort.title,
            "starts_local": wall_clock(session.starts_at, zone),
            "week_number": week_number,
            "roster": roster,
            "flagged": [row for row in roster if row["flags"]],
            "shared": batch.shared.get(session.cohort_id, {}).get("items", []),
            "replies": batch.shared.get(session.cohort_id, {}).get("replies", []),
            # The same count as the roster's: weekly classes held, cancelled ones left out.
            "classes_held": classes_held(classes, session.starts_at),
            "classes_total": len(classes),
            "intake": batch.intake.digests.get(session.cohort_id),
        },
        [],
    )


def _class_update(delivery: Delivery, batch: Batch) -> Built:
    """A class moved or was cancelled after participants were told of it: say so at once, with
    the calendar entry replaced (same UID, higher SEQUENCE) or cancelled (METHOD:CANCEL)."""
    user = delivery.recipient
    if user is None:
        return "Class changes go to accounts only."
    session = batch.sessions.get(delivery.context.get("session", ""))
    if session is None:
        return "The class no longer exists."
    if not batch.preview:
        if session.sequence != delivery.context.get("sequence"):
            return "The class changed again; the newer message tells of it."
        enrolled = batch.enrolments_by_user.get(user.pk, [])
        if not any(e.cohort_id == session.cohort_id for e in enrolled):
            return "No longer enrolled in this cohort."
        if session.ends_at <= batch.now:
            return "The class is over."
    zone = zoneinfo.ZoneInfo(session.cohort.time_zone)
    own_zone = zoneinfo.ZoneInfo(user.time_zone)
    return (
        "class-update",
        {
            "session": session,
            "cohort": session.cohort.title,
            "cancelled": session.is_cancelled,
            "starts_local": wall_clock(session.starts_at, zone),
            "starts_own": wall_clock(session.starts_at, own_zone),
            "zone_name": zone.key,
            "differs": own_zone.key != zone.key,
            "place": session.place,
            "link": session.link,
            "note": session.note,
        },
        [
            (
                "class.ics",
                ics.session_event(session, batch.now, attendee=user.email),
                ics.mimetype(session),
            )
        ],
    )


def build_one_off(delivery: Delivery, batch: Batch) -> Built:
    if not delivery.template:
        return "No template to render."
    return delivery.template, dict(delivery.context), []


BUILDERS: dict[str, Callable[[Delivery, Batch], Built]] = {
    Kind.DAILY: _daily,
    Kind.CLASS: _class,
    Kind.CLASS_UPDATE: _class_update,
    Kind.SUMMARY: _summary,
    Kind.DIGEST: _digest,
    Kind.OUTCOME_INVITE: compose_outcomes.build_invitation,
    Kind.OUTCOME_REMINDER: compose_outcomes.build_reminder,
    Kind.QUESTIONNAIRE: intake_reminder,
    Kind.COMMENT: compose_conversations.build_comment,
    Kind.MESSAGE: compose_conversations.build_message,
    Kind.REPLY: compose_conversations.build_reply,
}


WHY: dict[str, str] = {
    Kind.DAILY: "You get this because daily practice reminders are on for your course.",
    Kind.CLASS: "You get this because class reminders are on for your course.",
    Kind.CLASS_UPDATE: "You get this because class reminders are on for your course.",
    Kind.DATA_EXPORT: "You get this because you asked for a copy of your data.",
    Kind.SUMMARY: "You get this weekly summary because you are taking part in the course.",
    Kind.DIGEST: "You get this digest because you teach this cohort.",
    Kind.INVITATION: "You get this because an instructor invited this address to a course.",
    Kind.ANNOUNCEMENT: "You get this because you are enrolled in a course on Stillpoint.",
    Kind.QUESTIONNAIRE: "You get this because a questionnaire of your course is waiting for you.",
    Kind.COMMENT: compose_conversations.WHY,
    Kind.MESSAGE: compose_conversations.WHY,
    Kind.REPLY: compose_conversations.REPLY_WHY,
}


# A trailing note in brackets is how people tell others what they do ("Maya (instructor)") or
# how to address them ("Sam (she/her)"); a greeting uses the name alone.
BRACKETED_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def greeting_name(user: User) -> str:
    """ "Hello Maya," for a display name "Maya (instructor)"; never empty."""
    short = user.get_short_name()
    return BRACKETED_NOTE.sub("", short).strip() or short


@dataclass
class Outgoing:
    delivery: Delivery
    message: EmailMultiAlternatives | None = None
    skip_reason: str = ""


def prepare(
    deliveries: Sequence[Delivery], now: dt.datetime | None = None, *, preview: bool = False
) -> list[Outgoing]:
    """Build the e-mail for each row (recipients loaded with their settings), or say why not."""
    batch = load_batch(deliveries, now or timezone.now())
    batch.preview = preview
    return [_build(delivery, batch) for delivery in deliveries]


def _build(delivery: Delivery, batch: Batch) -> Outgoing:
    user = delivery.recipient
    prefs = read_settings(user) if user else None
    # A preview shows the message itself, so it skips the "is it still wanted?" checks.
    if not batch.preview and user is not None:
        if not user.is_active:
            return Outgoing(delivery, skip_reason="The account is no longer active.")
        if prefs is not None and not prefs.wants(delivery.kind):
            return Outgoing(delivery, skip_reason="The recipient turned this kind off.")
    elif not batch.preview and (delivery.to.lower(), delivery.kind) in batch.opted_out_addresses:
        return Outgoing(delivery, skip_reason="The address opted out of this kind.")
    builder = BUILDERS.get(delivery.kind, build_one_off)
    result = builder(delivery, batch)
    if isinstance(result, str):
        return Outgoing(delivery, skip_reason=result)
    template, context, attachments = result
    to = user.email if user else delivery.to
    unsub = (
        unsubscribe_url(delivery.kind, user_public_id=str(user.public_id))
        if user
        else unsubscribe_url(delivery.kind, email=delivery.to.lower())
    )
    context = {
        "recipient_name": greeting_name(user) if user else "",
        "why": WHY.get(delivery.kind, WHY[Kind.ANNOUNCEMENT]),
        "unsubscribe_url": unsub,
        "kind_label": Kind(delivery.kind).label if delivery.kind in Kind.values else "",
        "can_turn_off": delivery.kind in OPT_OUT_FIELDS,
        "preferences_url": batch.url("notifications:preferences") if user else "",
        **context,
    }
    message = build_email(
        template,
        to,
        context,
        headers={
            **unsubscribe_headers(unsub),
            # Lets a support person find the ledger row from a message a participant forwards.
            "X-Stillpoint-Delivery": str(delivery.public_id),
        },
        attachments=attachments,
    )
    return Outgoing(delivery, message=message)
