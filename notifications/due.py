"""What is due, and when: the first stage of notifications (due → compose → send).

When: every due time is computed from a local date and a wall-clock time with
`course.calendar.local_datetime`, which moves a time skipped by a spring-forward change forward
and takes the first of a doubled autumn time. Daily reminders advance by one *local day*, never
by 24 hours, so a clock change cannot move them.

What: beat runs `notifications.tick` every few minutes. Each kind finds its due recipients with
a handful of queries per batch (never one per person), inserts ledger rows with
`ignore_conflicts` (the unique key turns a second tick's inserts into no-ops) and returns the
ids of rows still pending. Two ticks running at once may both enqueue an id; the send stage's
claim makes only one of them send.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from course.calendar import COURSE_WEEKS, local_datetime, week_dates
from course.models import ClassSession, Cohort, Enrolment, WeekKind
from notifications import due_questionnaires, due_replies
from notifications.due_outcomes import dispatch_questionnaires
from notifications.models import DEFAULT_REMINDER, Delivery, Kind, NotificationSettings

# A reminder that could not go out within this long after it was due is no longer useful: a
# reminder at the wrong hour is the complaint we are avoiding, so after an outage we skip it.
REMINDER_STALE_AFTER = dt.timedelta(hours=1)

# The morning after a week ends (cohort time): late enough not to arrive at midnight.
SUMMARY_AT = dt.time(7, 0)
# The morning of a class day (cohort time).
DIGEST_AT = dt.time(7, 0)


def class_reminder_lead_days() -> int:
    """How many local days before a class its reminder goes (setting, default one)."""
    return int(getattr(settings, "NOTIFICATIONS_CLASS_REMINDER_LEAD_DAYS", 1))


def in_utc(instant: dt.datetime) -> dt.datetime:
    """Aware datetimes sharing a zone add and subtract by the wall clock, which is wrong across
    a DST change; every instant this module hands out is therefore in UTC."""
    return instant.astimezone(dt.UTC)


def daily_due(user: User, local_day: dt.date, at: dt.time | None = None) -> dt.datetime:
    """The instant of `user`'s daily reminder on `local_day`, in their own zone.

    `at` is their reminder time (NotificationSettings.reminder_time); without it, the one
    stored for them, or the default for someone who has no settings yet.
    """
    at = at or read_settings(user).reminder_time
    return in_utc(local_datetime(user.time_zone, local_day, at))


def next_daily_after(
    user: User, instant: dt.datetime, at: dt.time | None = None
) -> dt.datetime:
    """The first daily-reminder instant strictly after `instant`."""
    at = at or read_settings(user).reminder_time
    day = user.local_date(instant)
    due = daily_due(user, day, at)
    while due <= instant:
        day += dt.timedelta(days=1)
        due = daily_due(user, day, at)
    return due


def read_settings(user: User) -> NotificationSettings:
    """The person's loaded settings row, or unsaved defaults if they never had one. Never
    writes: for the send path, which must not create rows while it reads a batch."""
    try:
        return user.notification_settings
    except NotificationSettings.DoesNotExist:
        return NotificationSettings(user=user)


def get_or_create_settings(user: User) -> NotificationSettings:
    """A person's notification settings, created (with a next-due time) on first use."""
    found, _created = NotificationSettings.objects.get_or_create(
        user=user,
        defaults={"next_daily_at": next_daily_after(user, timezone.now(), DEFAULT_REMINDER)},
    )
    return found


def reschedule(prefs: NotificationSettings, now: dt.datetime | None = None) -> None:
    """Recompute the stored next-due time after the reminder time or the zone changed.

    The preferences page calls this after saving. It may point at a time later today that was
    already reminded about (e.g. 08:00 → 10:00 at 09:00): the ledger's key is the local date,
    so that second dispatch finds the row and sends nothing.
    """
    prefs.next_daily_at = next_daily_after(prefs.user, now or timezone.now(), prefs.reminder_time)
    prefs.save(update_fields=["reminder_time", "next_daily_at", "updated_at"])


def why_no_daily_reminder(
    user: User,
    prefs: NotificationSettings,
    day: dt.date,
    cohorts: Iterable[Cohort],
    now: dt.datetime,
    *,
    practised: bool = False,
) -> str:
    """The one rule for a daily reminder on the person's local `day`: '' if it should go,
    else why not. Asked when the tick writes the row and again just before sending, when
    `practised` (a log already that day) is known.

    `cohorts` are those of the person's enrolments that receive course e-mail.
    """
    if not user.is_active:
        return "The account is no longer active."
    if not prefs.daily_enabled:
        return "The recipient turned this kind off."
    if prefs.is_paused_on(day):
        return "Reminders are paused."
    if not any(c.start_date <= day <= c.end_date for c in cohorts):
        return "No course runs that day."
    if practised:
        return "Already practised that day."
    if now > daily_due(user, day, prefs.reminder_time) + REMINDER_STALE_AFTER:
        return "Too late to be useful."
    return ""


def class_reminder_due(session: ClassSession) -> dt.datetime:
    """The class's own wall-clock time, `lead` local days earlier, in the cohort's zone."""
    zone = zoneinfo.ZoneInfo(session.cohort.time_zone)
    local_start = session.starts_at.astimezone(zone)
    day = local_start.date() - dt.timedelta(days=class_reminder_lead_days())
    return in_utc(
        local_datetime(session.cohort.time_zone, day, local_start.time().replace(tzinfo=None))
    )


def digest_due(session: ClassSession) -> dt.datetime:
    zone = zoneinfo.ZoneInfo(session.cohort.time_zone)
    day = session.starts_at.astimezone(zone).date()
    return min(in_utc(local_datetime(session.cohort.time_zone, day, DIGEST_AT)), session.starts_at)


def summary_due(cohort: Cohort, week: int, zone: str | None = None) -> dt.datetime:
    """A participant's week ends at midnight on their own clock; its summary goes at 07:00
    their time the morning after. `zone` is theirs (default: the cohort's)."""
    last_day = week_dates(cohort, week)[1]
    return in_utc(
        local_datetime(zone or cohort.time_zone, last_day + dt.timedelta(days=1), SUMMARY_AT)
    )


def last_ended_week(cohort: Cohort, now: dt.datetime) -> int | None:
    """The latest course week whose summary time has passed, if any."""
    for week in range(COURSE_WEEKS, 0, -1):
        if summary_due(cohort, week) <= now:
            return week
    return None


# --- The tick ---------------------------------------------------------------------------------

DAILY_SCAN = 500
# A summary whose moment passed while nothing ran (beat down) is still worth sending for a day.
SUMMARY_WINDOW = dt.timedelta(days=1)
INSERT_BATCH = 1000


def dispatch_due(now: dt.datetime | None = None) -> list[int]:
    """One tick: write every due message into the ledger and return the ids still pending.

    The caller queues them (notifications.tasks.enqueue_batches) or sends them itself.
    """
    now = now or timezone.now()
    return [
        *dispatch_daily(now),
        *dispatch_class_reminders(now),
        *dispatch_summaries(now),
        *dispatch_digests(now),
        *dispatch_questionnaires(now, insert_new),
        *due_questionnaires.dispatch(now, insert_new, digest_due),
        *due_replies.dispatch(now, insert_new),
    ]


# Rows are created with next_attempt_at = the tick's `now`, so "pending and not waiting for a
# retry" (next_attempt_at <= now) includes everything this tick just wrote.
def _pending_ids(
    kind: str, recipient_ids: set[int], periods: set[str], now: dt.datetime
) -> list[int]:
    if not recipient_ids:
        return []
    return list(
        Delivery.objects.filter(
            kind=kind,
            status=Delivery.Status.PENDING,
            recipient_id__in=recipient_ids,
            period__in=periods,
            next_attempt_at__lte=now,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def dispatch_daily(now: dt.datetime) -> list[int]:
    """Daily reminders whose stored due time has come; each due time then moves a local day on.

    Per scan of DAILY_SCAN people: settings+users, their active enrolments, the ledger insert,
    one bulk UPDATE of next-due times and the pending ids: five queries.
    """
    found: list[int] = []
    while True:
        due = list(
            NotificationSettings.objects.filter(next_daily_at__lte=now)
            .select_related("user")
            .order_by("next_daily_at", "pk")[:DAILY_SCAN]
        )
        if not due:
            return found
        cohorts_of: dict[int, list[Cohort]] = {}
        for enrolment in (
            Enrolment.objects.filter(participant_id__in=[p.user_id for p in due])
            .in_course()
            .select_related("cohort")
        ):
            cohorts_of.setdefault(enrolment.participant_id, []).append(enrolment.cohort)
        rows, periods = [], set()
        for prefs in due:
            user, due_at = prefs.user, prefs.next_daily_at
            if due_at is None:  # filtered on next_daily_at <= now, so never; keeps types honest
                continue
            day = user.local_date(due_at)
            if not why_no_daily_reminder(user, prefs, day, cohorts_of.get(user.pk, []), now):
                rows.append(
                    Delivery(
                        recipient=user, kind=Kind.DAILY, period=day.isoformat(), next_attempt_at=now
                    )
                )
                periods.add(day.isoformat())
            # One local day on from the due time, not 24 hours on; after an outage, skip
            # straight to the first time that is still fresh rather than sending old ones.
            prefs.next_daily_at = next_daily_after(
                user, max(due_at, now - REMINDER_STALE_AFTER), prefs.reminder_time
            )
        with transaction.atomic():
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            NotificationSettings.objects.bulk_update(due, ["next_daily_at"])
        found += _pending_ids(
            Kind.DAILY, {r.recipient_id for r in rows if r.recipient_id is not None}, periods, now
        )


def repair_missing_settings(now: dt.datetime, limit: int = 1000) -> int:
    """Give settings (and so a next-due time) to accounts created without the post_save signal
    (bulk_create, raw SQL, fixtures). A rare repair, so the five-minute sweeper runs it, not
    every tick: one query when there is nothing to repair."""
    missing = list(User.objects.filter(notification_settings__isnull=True)[:limit])
    NotificationSettings.objects.bulk_create(
        [
            NotificationSettings(user=u, next_daily_at=next_daily_after(u, now, DEFAULT_REMINDER))
            for u in missing
        ],
        ignore_conflicts=True,
    )
    return len(missing)


def dispatch_class_reminders(now: dt.datetime) -> list[int]:
    horizon = now + dt.timedelta(days=class_reminder_lead_days() + 1)
    sessions = [
        s
        for s in ClassSession.objects.filter(
            is_cancelled=False, starts_at__gt=now, starts_at__lte=horizon
        ).select_related("cohort")
        if class_reminder_due(s) <= now
    ]
    return _fan_out_sessions(sessions, Kind.CLASS, now)


def dispatch_digests(now: dt.datetime) -> list[int]:
    sessions = [
        s
        for s in ClassSession.objects.filter(
            is_cancelled=False,
            kind=WeekKind.WEEK,
            number__gte=2,
            starts_at__gt=now,
            starts_at__lte=now + dt.timedelta(days=1),
        ).select_related("cohort")
        if digest_due(s) <= now
    ]
    return _fan_out_sessions(sessions, Kind.DIGEST, now)


def _fan_out_sessions(sessions: list[ClassSession], kind: str, now: dt.datetime) -> list[int]:
    if not sessions:
        return []
    by_cohort: dict[int, list[ClassSession]] = {}
    for session in sessions:
        by_cohort.setdefault(session.cohort_id, []).append(session)
    pairs: Iterable[tuple[int, int]]
    if kind == Kind.DIGEST:
        through = Cohort.instructors.through
        pairs = through.objects.filter(cohort_id__in=by_cohort).values_list("cohort_id", "user_id")
    else:
        pairs = (
            Enrolment.objects.filter(cohort_id__in=by_cohort)
            .in_course()
            .values_list("cohort_id", "participant_id")
        )
    rows = [
        Delivery(
            recipient_id=user_id,
            kind=kind,
            period=session.period_key,
            context={"session": str(session.public_id)},
            next_attempt_at=now,
        )
        for cohort_id, user_id in pairs
        for session in by_cohort[cohort_id]
    ]
    return insert_new(kind, rows, now)


def dispatch_summaries(now: dt.datetime, cohorts: Sequence[Cohort] | None = None) -> list[int]:
    """Weekly summaries due now: each participant's at 07:00 on their own clock, the morning
    after the week ended in their zone, for everyone still in the course (completers too).

    Three queries whatever the number of people: the running cohorts, their enrolments with
    each person's zone, then the ledger insert (insert_new)."""
    if cohorts is None:
        today = now.date()
        course_days = dt.timedelta(days=7 * COURSE_WEEKS + 3)
        cohorts = list(
            Cohort.objects.filter(start_date__lte=today, start_date__gte=today - course_days)
        )
    # Weeks whose summary is due somewhere on Earth around now: clocks run from 12 hours behind
    # the cohort's to 26 ahead of it, so look a little more than a day either side.
    near = dt.timedelta(hours=27)
    candidates = {
        cohort.pk: [
            week
            for week in range(1, COURSE_WEEKS + 1)
            if abs(summary_due(cohort, week) - now) <= near + SUMMARY_WINDOW
        ]
        for cohort in cohorts
    }
    by_pk = {cohort.pk: cohort for cohort in cohorts if candidates[cohort.pk]}
    if not by_pk:
        return []
    rows = []
    for enrolment_id, cohort_id, participant_id, zone in (
        Enrolment.objects.filter(cohort_id__in=by_pk)
        .in_course()
        .values_list("pk", "cohort_id", "participant_id", "participant__time_zone")
    ):
        cohort = by_pk[cohort_id]
        for week in candidates[cohort_id]:
            due = summary_due(cohort, week, zone)
            if due <= now < due + SUMMARY_WINDOW:
                rows.append(
                    Delivery(
                        recipient_id=participant_id,
                        kind=Kind.SUMMARY,
                        period=f"cohort:{cohort_id}:week:{week}",
                        context={"enrolment": enrolment_id, "week": week},
                        next_attempt_at=now,
                    )
                )
    return insert_new(Kind.SUMMARY, rows, now)


def insert_new(kind: str, rows: list[Delivery], now: dt.datetime) -> list[int]:
    """Write the rows that do not exist yet and return their ids, to be queued once.

    The ticks and queue_messages both write through here. A message stays due for a whole
    window (a day for summaries), so most ticks find every row already written: those are
    skipped here, not inserted and queued again every two minutes.
    Rows waiting for a retry belong to their own task's retry and, failing that, the sweeper.
    Two ticks racing may both return a new row; the claim in deliver_batch sends it once.
    """
    periods = {r.period for r in rows}
    existing = set(
        Delivery.objects.filter(kind=kind, period__in=periods).values_list("recipient_id", "period")
    )
    new = [r for r in rows if (r.recipient_id, r.period) not in existing]
    if not new:
        return []
    Delivery.objects.bulk_create(new, ignore_conflicts=True, batch_size=INSERT_BATCH)
    return _pending_ids(
        kind,
        {r.recipient_id for r in new if r.recipient_id is not None},
        {r.period for r in new},
        now,
    )
