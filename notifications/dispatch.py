"""The tick: find what is due, write it into the ledger, hand the ids to workers in batches.

Beat runs `notifications.tick` every few minutes. Each kind finds its due recipients with a
handful of queries per batch (never one per person), inserts ledger rows with
`ignore_conflicts` (the unique key turns a second tick's inserts into no-ops) and returns the ids
of rows still pending. Two ticks running at once may both enqueue an id; the send task's claim
makes only one of them send.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from course.calendar import COURSE_WEEKS
from course.models import ClassSession, Cohort, Enrolment, WeekKind
from notifications.content import REMINDER_STALE_AFTER
from notifications.delivery import BATCH_SIZE
from notifications.models import Delivery, Kind, NotificationSettings
from notifications.scheduling import (
    class_reminder_due,
    class_reminder_lead_days,
    digest_due,
    next_daily_after,
    summary_due,
)

DAILY_SCAN = 500
# A summary whose moment passed while nothing ran (beat down) is still worth sending for a day.
SUMMARY_WINDOW = dt.timedelta(days=1)
INSERT_BATCH = 1000


def dispatch_due(now: dt.datetime | None = None, *, enqueue: bool = True) -> list[int]:
    """One tick. Returns the pending ids it found; with `enqueue`, queues them after commit."""
    now = now or timezone.now()
    ids = [
        *dispatch_daily(now),
        *dispatch_class_reminders(now),
        *dispatch_summaries(now),
        *dispatch_digests(now),
    ]
    if enqueue:
        enqueue_batches(ids)
    return ids


def enqueue_batches(ids: Sequence[int], size: int = BATCH_SIZE) -> None:
    """Queue send tasks of `size` ids each, once the rows they name are committed."""
    from notifications.tasks import send_batch

    for start in range(0, len(ids), size):
        send_batch.delay_on_commit(list(ids[start : start + size]))


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
        for enrolment in Enrolment.objects.filter(
            participant_id__in=[p.user_id for p in due], status=Enrolment.Status.ACTIVE
        ).select_related("cohort"):
            cohorts_of.setdefault(enrolment.participant_id, []).append(enrolment.cohort)
        rows, periods = [], set()
        for prefs in due:
            user, due_at = prefs.user, prefs.next_daily_at
            if due_at is None:  # filtered on next_daily_at <= now, so never; keeps types honest
                continue
            day = user.local_date(due_at)
            if (
                now - due_at <= REMINDER_STALE_AFTER
                and user.is_active
                and prefs.daily_enabled
                and not prefs.is_paused_on(day)
                and any(c.start_date <= day <= c.end_date for c in cohorts_of.get(user.pk, []))
            ):
                rows.append(
                    Delivery(
                        recipient=user, kind=Kind.DAILY, period=day.isoformat(), next_attempt_at=now
                    )
                )
                periods.add(day.isoformat())
            # One local day on from the due time, not 24 hours on; after an outage, skip
            # straight to the first time that is still fresh rather than sending old ones.
            prefs.next_daily_at = next_daily_after(user, max(due_at, now - REMINDER_STALE_AFTER))
        with transaction.atomic():
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            NotificationSettings.objects.bulk_update(due, ["next_daily_at"])
        found += _pending_ids(
            Kind.DAILY, {r.recipient_id for r in rows if r.recipient_id is not None}, periods, now
        )


def ensure_settings(now: dt.datetime, limit: int = 1000) -> int:
    """Give settings (and so a next-due time) to accounts created without the post_save signal
    (bulk_create, raw SQL, fixtures). A rare repair, so the five-minute sweeper runs it, not
    every tick: one query when there is nothing to repair."""
    missing = list(User.objects.filter(notification_settings__isnull=True)[:limit])
    NotificationSettings.objects.bulk_create(
        [NotificationSettings(user=u, next_daily_at=next_daily_after(u, now)) for u in missing],
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
        pairs = Enrolment.objects.filter(
            cohort_id__in=by_cohort, status=Enrolment.Status.ACTIVE
        ).values_list("cohort_id", "participant_id")
    rows = [
        Delivery(
            recipient_id=user_id,
            kind=kind,
            period=f"session:{session.public_id}",
            context={"session": str(session.public_id)},
            next_attempt_at=now,
        )
        for cohort_id, user_id in pairs
        for session in by_cohort[cohort_id]
    ]
    return insert_new(kind, rows, now)


def dispatch_summaries(now: dt.datetime, cohorts: Sequence[Cohort] | None = None) -> list[int]:
    """Weekly summaries for every cohort whose week ended (in its own zone) since yesterday."""
    if cohorts is None:
        today = now.date()
        course_days = dt.timedelta(days=7 * COURSE_WEEKS + 2)
        cohorts = list(
            Cohort.objects.filter(start_date__lte=today, start_date__gte=today - course_days)
        )
    weeks = {
        cohort.pk: week
        for cohort in cohorts
        for week in range(1, COURSE_WEEKS + 1)
        if summary_due(cohort, week) <= now < summary_due(cohort, week) + SUMMARY_WINDOW
    }
    if not weeks:
        return []
    rows = [
        Delivery(
            recipient_id=participant_id,
            kind=Kind.SUMMARY,
            period=f"cohort:{cohort_id}:week:{weeks[cohort_id]}",
            context={"enrolment": enrolment_id, "week": weeks[cohort_id]},
            next_attempt_at=now,
        )
        for enrolment_id, cohort_id, participant_id in Enrolment.objects.filter(
            cohort_id__in=weeks, status=Enrolment.Status.ACTIVE
        ).values_list("pk", "cohort_id", "participant_id")
    ]
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
