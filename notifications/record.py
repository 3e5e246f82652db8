"""Recording what a batch did: each send marked in Redis at once, the ledger written per chunk.

The ledger row is the record that counts, but writing it once per message cost one UPDATE (and
one commit) per message, more than the rest of the batch's queries together. So a batch keeps
its outcomes in a `Recorder` and writes them with one UPDATE per chunk: every CHUNK rows, or
FLUSH_AFTER after the last write if the server is slow, and always when the batch ends (also
when it ends by an exception, such as the task's soft time limit).

A message handed to the SMTP server is also marked in the cache (Redis) at once, keyed by the
row's public id: one SET, far cheaper than a database commit. If the worker dies before the
chunk is written (SIGKILL, the hard time limit, a lost host), its rows stay "sending" until the
sweeper puts them back to pending; whoever claims them again reads the marks first
(`already_sent`) and records the marked ones as sent without sending them again.

So the bound on duplicates after a crash is:

- **one message per process** while Redis keeps the marks: the one the server accepted in the
  instant between its reply and the mark (the same bound as writing the row per message);
- **at most CHUNK messages per process** if the marks are lost too (Redis restarted or evicted
  them before the rows were claimed again): the unwritten chunk goes again.

If the mark itself fails (Redis unreachable), the chunk is written at once, so the ledger alone
keeps the one-per-process bound. `tests/notifications/test_crash_mid_chunk.py` proves both
bounds; `test_worker_sigkill.py` the first one with a real worker.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Iterable
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Case, F, Field, Value, When
from django.db.models.expressions import Combinable
from django.utils import timezone

from notifications.models import Delivery

logger = logging.getLogger(__name__)

# Rows written per UPDATE. With 50 a batch, 5 writes instead of 50; and the most a crash can
# repeat if the Redis marks are lost as well.
CHUNK = 10
# A chunk is written at least this often, so a slow server does not leave the ledger behind.
FLUSH_AFTER = 1.0  # seconds
# A mark only has to outlive its row's "sending" state: the sweeper frees a dead worker's rows
# after the task's time limit, and they are claimed again within minutes. Two days covers a
# worker fleet that is down for a weekend's day; a written chunk deletes its marks at once.
MARK_TTL = 2 * 24 * 3600

Status = Delivery.Status


def mark_key(public_id: uuid.UUID | str) -> str:
    return f"notifications:sent:{public_id}"


def already_sent(rows: Iterable[Delivery]) -> dict[int, dict[str, str]]:
    """The rows among `rows` that an earlier claim sent but did not record: {pk: mark}.

    Only rows claimed before can have been sent (a claim counts an attempt, and a row handed
    back untried gets its attempt back), so a first claim costs no round trip at all."""
    again = {mark_key(row.public_id): row.pk for row in rows if row.attempts > 1}
    if not again:
        return {}
    try:
        found = cache.get_many(list(again))
    except Exception:
        # Without the marks the rows are sent again: the CHUNK bound, not a lost message.
        logger.warning("Could not read the sent marks", exc_info=True)
        return {}
    return {again[key]: mark for key, mark in found.items() if isinstance(mark, dict)}


class Recorder:
    """The outcomes of one claimed batch, written to the ledger one chunk at a time.

    Every write is guarded by the batch's claim token: a row the sweeper took back meanwhile
    is not overwritten."""

    def __init__(self, token: uuid.UUID) -> None:
        self.token = token
        self.chunk = CHUNK
        self.flush_after = FLUSH_AFTER
        self.pending: dict[int, dict[str, Any]] = {}
        self.marks: list[str] = []
        self.written = time.monotonic()

    def sent(self, row: Delivery, to: str) -> None:
        at = timezone.now()
        self.pending[row.pk] = {"status": Status.SENT, "last_error": "", "sent_at": at, "to": to}
        key = mark_key(row.public_id)
        try:
            cache.set(key, {"to": to, "at": at.isoformat()}, MARK_TTL)
        except Exception:
            logger.warning("Could not mark a sent message; writing the ledger now", exc_info=True)
            self.flush()
            return
        self.marks.append(key)
        self._maybe_flush()

    def recovered(self, row: Delivery, mark: dict[str, str]) -> None:
        """Sent by an earlier claim that died before writing it down: record, don't resend."""
        self.pending[row.pk] = {
            "status": Status.SENT,
            "last_error": "",
            "sent_at": dt.datetime.fromisoformat(mark["at"]),
            "to": mark.get("to") or row.to,
            # This claim made no attempt.
            "attempts": F("attempts") - 1,
        }
        self.marks.append(mark_key(row.public_id))
        self._maybe_flush()

    def finished(self, row: Delivery, status: str, error: str) -> None:
        """Skipped or failed for good: nothing went out."""
        self.pending[row.pk] = {"status": status, "last_error": error}
        self._maybe_flush()

    def again(
        self, row: Delivery, at: dt.datetime, error: str = "", *, untried: bool = False
    ) -> None:
        """Back to pending, due at `at`; an untried row gets its attempt back."""
        changes: dict[str, Any] = {
            "status": Status.PENDING,
            "claim_token": None,
            "next_attempt_at": at,
        }
        if untried:
            changes["attempts"] = F("attempts") - 1
        else:
            changes["last_error"] = error
        self.pending[row.pk] = changes
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self.pending) >= self.chunk or time.monotonic() - self.written >= self.flush_after:
            self.flush()

    def flush(self) -> None:
        """Write what is pending in one UPDATE, then drop the marks it made redundant."""
        if self.pending:
            write(self.token, self.pending)
            self.pending = {}
        if self.marks:
            try:
                cache.delete_many(self.marks)
            except Exception:  # they expire on their own; a stale mark names a finished row
                logger.warning("Could not delete sent marks", exc_info=True)
            self.marks = []
        self.written = time.monotonic()


def write(token: uuid.UUID, changes: dict[int, dict[str, Any]]) -> int:
    """One UPDATE for many rows with different changes: a field that has the same value for
    every row is set plainly, one that differs becomes CASE pk WHEN … (unchanged otherwise)."""
    fields: dict[str, Any] = {"updated_at": timezone.now()}
    for name in sorted({name for change in changes.values() for name in change}):
        given = {pk: change[name] for pk, change in changes.items() if name in change}
        first = next(iter(given.values()))
        if len(given) == len(changes) and all(_same(value, first) for value in given.values()):
            fields[name] = first
            continue
        field = cast(Field, Delivery._meta.get_field(name))
        fields[name] = Case(
            *(
                When(pk=pk, then=value if isinstance(value, Combinable) else Value(value, field))
                for pk, value in given.items()
            ),
            default=F(name),
            output_field=field,
        )
    return Delivery.objects.filter(pk__in=list(changes), claim_token=token).update(**fields)


def _same(value: Any, first: Any) -> bool:
    if isinstance(value, Combinable) or isinstance(first, Combinable):
        return value is first or str(value) == str(first)
    return bool(value == first) and type(value) is type(first)
