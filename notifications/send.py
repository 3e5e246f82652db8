"""Claim, send, record: the last stage of notifications (due → compose → send).

How a batch of ledger rows becomes e-mails, at most once each.

The broker delivers a task at least once and a worker can die at any moment, so the database
decides: a row is claimed with one conditional UPDATE (pending → sending, with a fresh token),
sent, marked sent in Redis at once and written to the ledger with its chunk (notifications.record:
one UPDATE per CHUNK rows, not one per message). A second task holding the same ids finds
nothing to claim. A row whose worker died stays "sending" until the sweeper, after the hard time
limit has certainly passed, puts it back to pending; the next claim reads the Redis marks and
records the rows already sent instead of sending them again. So only a message handed to the
SMTP server in the instant before the crash can go twice (one per process); if Redis lost the
marks as well, at most the unwritten chunk (CHUNK messages per process).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone

from notifications.compose import prepare
from notifications.models import Delivery
from notifications.record import Recorder, already_sent

logger = logging.getLogger(__name__)

# Transient failures back off 1, 2, 5, 10, 10 minutes; the sixth failure is final. The longest
# delay stays far below the broker's visibility timeout (an hour), so no ETA outlives it.
BACKOFF_SECONDS = [60, 120, 300, 600, 600]
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
# A row still "sending" this long after its claim belongs to a dead worker: the task's hard
# time limit has passed, so no live process can still be working on it.
STUCK_AFTER = dt.timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 180) + 60)
# A batch starts no new send after this long, so it ends well inside the task's soft time limit
# and long before the sweeper could think it dead (a send itself is bounded by EMAIL_TIMEOUT).
SEND_BUDGET = dt.timedelta(
    seconds=max(
        10, getattr(settings, "CELERY_TASK_SOFT_TIME_LIMIT", 120) - 2 * settings.EMAIL_TIMEOUT
    )
)
# A pending row nobody picked up this long after it became due lost its task message.
PENDING_GRACE = dt.timedelta(minutes=5)
BATCH_SIZE = 50

Status = Delivery.Status


class TransientError(Exception):
    """Worth trying again later (4xx, connection trouble)."""


class PermanentError(Exception):
    """Retrying cannot help (5xx)."""


def classify(error: Exception) -> type[TransientError] | type[PermanentError]:
    """SMTP replies 5xx are permanent; 4xx and anything on the connection are transient.

    A 5xx to MAIL FROM (relaying denied, authentication required, a bad sender address) is
    about our server or settings, not this message: it is transient for the message, and stops
    the batch, so one misconfiguration does not fail a whole fan-out after a single try.
    """
    if isinstance(error, smtplib.SMTPSenderRefused):
        return TransientError
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return PermanentError if codes and all(500 <= c < 600 for c in codes) else TransientError
    if isinstance(error, smtplib.SMTPResponseException):
        return PermanentError if 500 <= error.smtp_code < 600 else TransientError
    return TransientError


def recipient_only(error: Exception) -> bool:
    """A refusal of one mailbox: the connection is fine and the rest of the batch can go."""
    return isinstance(error, smtplib.SMTPRecipientsRefused)


@dataclass
class Outcome:
    sent: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    busy: list[int] = field(default_factory=list)
    retry_at: dt.datetime | None = None
    # Still backing off from an earlier failure: another task message (the tick, the sweeper,
    # a duplicate delivery) must not hurry them; their own retry comes back at next_attempt_at.
    waiting: list[int] = field(default_factory=list)


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1])


def deliver_batch(ids: Sequence[int]) -> Outcome:
    """Claim the pending rows among `ids`, send them and record what happened.

    Queries: one claim, one load, the builders' fixed set, then one UPDATE per chunk of CHUNK
    rows (notifications.record), whatever the outcomes; none per message.
    """
    outcome = Outcome()
    if not ids:
        return outcome
    token = uuid.uuid4()
    now = timezone.now()
    deadline = now + SEND_BUDGET
    Delivery.objects.claim(ids, token, now)
    rows = list(
        Delivery.objects.filter(pk__in=ids, status__in=[Status.SENDING, Status.PENDING])
        .select_related("recipient__notification_settings")
        .order_by("pk")
    )
    mine = [row for row in rows if row.claim_token == token]
    # Claimed by another task that may still be sending: try again later, never drop it.
    outcome.busy = [
        row.pk for row in rows if row.status == Status.SENDING and row.claim_token != token
    ]
    outcome.waiting = [row.pk for row in rows if row.status == Status.PENDING]
    if not mine:
        return outcome

    recorder = Recorder(token)
    try:
        # Rows a dead worker sent but never wrote down: recorded now, not sent again.
        marks = already_sent(mine)
        for row in mine:
            if row.pk in marks:
                recorder.recovered(row, marks[row.pk])
                outcome.sent.append(row.pk)
        _send_all([row for row in mine if row.pk not in marks], recorder, deadline, now, outcome)
    finally:
        recorder.flush()
    return outcome


def _send_all(
    rows: list[Delivery],
    recorder: Recorder,
    deadline: dt.datetime,
    now: dt.datetime,
    outcome: Outcome,
) -> None:
    if not rows:
        return
    connection = get_connection(fail_silently=False)
    try:
        items = prepare(rows, now)
        if any(item.message for item in items):
            connection.open()
    except Exception as error:
        # Cannot reach the server (or a builder broke): nothing was sent, so every claimed row
        # goes back with a backoff and the error on record for the admin.
        logger.warning("Batch not sent: %s", _describe(error), exc_info=True)
        _release(rows, error, recorder, outcome)
        return
    try:
        for index, item in enumerate(items):
            row = item.delivery
            if timezone.now() > deadline:
                # Out of time: hand the rest back untouched rather than risk the time limit
                # striking while the batch is still sending.
                _put_back([i.delivery for i in items[index:]], recorder, outcome)
                break
            if item.message is None:
                recorder.finished(row, Status.SKIPPED, item.skip_reason)
                outcome.skipped.append(row.pk)
                continue
            try:
                connection.send_messages([item.message])
            except Exception as error:
                if classify(error) is PermanentError:
                    recorder.finished(row, Status.FAILED, _describe(error))
                    outcome.failed.append(row.pk)
                    continue
                if recipient_only(error):
                    _release([row], error, recorder, outcome)
                    continue
                # The server or the connection is in trouble: stop, and retry the rest later.
                rest = [row, *(i.delivery for i in items[index + 1 :])]
                _release(rest, error, recorder, outcome)
                break
            recorder.sent(row, item.message.to[0])
            outcome.sent.append(row.pk)
    finally:
        try:
            connection.close()
        except Exception:  # a broken connection may fail to say goodbye; nothing to lose
            logger.debug("SMTP close failed", exc_info=True)


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _put_back(rows: Sequence[Delivery], recorder: Recorder, outcome: Outcome) -> None:
    """Return claimed rows that were never tried: due again at once, the attempt not counted."""
    now = timezone.now()
    for row in rows:
        recorder.again(row, now, untried=True)
        outcome.retry.append(row.pk)
        outcome.retry_at = min(outcome.retry_at or now, now)


def _release(
    rows: Sequence[Delivery], error: Exception, recorder: Recorder, outcome: Outcome
) -> None:
    now = timezone.now()
    for row in rows:
        if row.attempts >= MAX_ATTEMPTS:
            recorder.finished(
                row, Status.FAILED, f"Gave up after {row.attempts} attempts. {_describe(error)}"
            )
            outcome.failed.append(row.pk)
            continue
        retry_at = now + backoff(row.attempts)
        recorder.again(row, retry_at, _describe(error))
        outcome.retry.append(row.pk)
        outcome.retry_at = min(outcome.retry_at or retry_at, retry_at)


def sweep(
    now: dt.datetime | None = None,
    *,
    stuck_after: dt.timedelta = STUCK_AFTER,
    pending_after: dt.timedelta = PENDING_GRACE,
    limit: int = 10_000,
) -> list[int]:
    """Put rows abandoned mid-send back to pending and return every pending id to re-queue."""
    now = now or timezone.now()
    Delivery.objects.filter(status=Status.SENDING, claimed_at__lt=now - stuck_after).update(
        status=Status.PENDING,
        claim_token=None,
        next_attempt_at=now,
        last_error="The worker stopped while sending; queued again.",
        updated_at=timezone.now(),
    )
    return list(
        Delivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now - pending_after)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
