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
import functools
import logging
import time
import uuid
from collections.abc import Iterable
from typing import Any, cast

import redis
from django.conf import settings
from django.db import connection
from django.db.models import Case, F, Field, Value, When
from django.db.models.expressions import Combinable, RawSQL
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


@functools.cache
def _redis() -> redis.Redis | None:
    """The cache's Redis (its database and key prefix), held open by this process. The marks
    are plain strings, so they are read and written without the cache's pickling; None if the
    cache is not Redis, and then every send is written to the ledger at once."""
    cache = settings.CACHES["default"]
    if not str(cache["BACKEND"]).endswith("RedisCache"):
        return None
    url = str(cache["LOCATION"])
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def mark_key(public_id: uuid.UUID | str) -> str:
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    return f"{prefix}:notifications:sent:{public_id}"


def read_mark(public_id: uuid.UUID | str) -> tuple[dt.datetime, str] | None:
    client = _redis()
    value = client.get(mark_key(public_id)) if client else None
    return _parse(value) if isinstance(value, bytes) else None


def _parse(value: bytes) -> tuple[dt.datetime, str] | None:
    at, _, to = value.decode().partition(" ")
    try:
        return dt.datetime.fromisoformat(at), to
    except ValueError:
        return None


def already_sent(rows: Iterable[Delivery]) -> dict[int, tuple[dt.datetime, str]]:
    """The rows among `rows` that an earlier claim sent but did not record: {pk: (at, to)}.

    Every row is looked up, whatever its attempt count: the admin's "Send again" resets the
    count of a row a dead worker may already have sent. One MGET a batch."""
    again = {mark_key(row.public_id): row.pk for row in rows}
    client = _redis()
    if not again or client is None:
        return {}
    try:
        values = client.mget(list(again))
    except redis.RedisError:
        # Without the marks the rows are sent again: the CHUNK bound, not a lost message.
        logger.warning("Could not read the sent marks", exc_info=True)
        return {}
    found = {}
    for pk, value in zip(again.values(), values, strict=True):
        if isinstance(value, bytes) and (mark := _parse(value)):
            found[pk] = mark
    return found


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
        client = _redis()
        try:
            if client is None:
                raise redis.ConnectionError("The cache is not Redis")
            client.set(key, f"{at.isoformat()} {to}", ex=MARK_TTL)
        except redis.RedisError:
            logger.warning("Could not mark a sent message; writing the ledger now", exc_info=True)
            self.flush()
            return
        self.marks.append(key)
        self._maybe_flush()

    def recovered(self, row: Delivery, mark: tuple[dt.datetime, str]) -> None:
        """Sent by an earlier claim that died before writing it down: record, don't resend."""
        at, to = mark
        self.pending[row.pk] = {
            "status": Status.SENT,
            "last_error": "",
            "sent_at": at,
            "to": to or row.to,
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
        """Write what is pending in one UPDATE, then drop the marks it made redundant (all of
        them, or none if some row was not written; kept marks expire after MARK_TTL)."""
        complete = True
        if self.pending:
            # A row the sweeper took back meanwhile is not written (the claim token guards it);
            # then its mark is the only record that it went out, so every mark is kept.
            complete = write(self.token, self.pending) == len(self.pending)
            self.pending = {}
        client = _redis()
        if self.marks and client is not None and complete:
            try:
                client.delete(*self.marks)
            except redis.RedisError:  # they expire on their own; a stale mark names a done row
                logger.warning("Could not delete sent marks", exc_info=True)
        self.marks = []
        self.written = time.monotonic()


def write(token: uuid.UUID, changes: dict[int, dict[str, Any]]) -> int:
    """One UPDATE for many rows with different changes: a field that has the same value for
    every row is set plainly, one that differs becomes CASE id WHEN … (unchanged otherwise)."""
    fields: dict[str, Any] = {"updated_at": timezone.now()}
    for name in sorted({name for change in changes.values() for name in change}):
        given = {pk: change[name] for pk, change in changes.items() if name in change}
        first = next(iter(given.values()))
        if len(given) == len(changes) and all(_same(value, first) for value in given.values()):
            fields[name] = first
        elif any(isinstance(value, Combinable) for value in given.values()):
            fields[name] = _orm_case(name, given)
        else:
            fields[name] = _sql_case(name, given)
    return Delivery.objects.filter(pk__in=list(changes), claim_token=token).update(**fields)


def _sql_case(name: str, given: dict[int, Any]) -> RawSQL:
    """CASE "id" WHEN %s THEN %s … ELSE "column" END, its values prepared by the field as the
    ORM would. The same SQL as Case(When(pk=…)), built without resolving a Q per row, which
    cost more than the UPDATE itself (the address and the sending time differ on every row)."""
    field = cast(Field, Delivery._meta.get_field(name))
    quote = connection.ops.quote_name
    whens = " ".join(["WHEN %s THEN %s"] * len(given))
    params: list[Any] = []
    for pk, value in given.items():
        params += [pk, field.get_db_prep_save(value, connection)]
    sql = f"CASE {quote(Delivery._meta.pk.column)} {whens} ELSE {quote(field.column)} END"
    return RawSQL(sql, params, output_field=field)  # noqa: S611 - names and placeholders only


def _orm_case(name: str, given: dict[int, Any]) -> Case:
    field = cast(Field, Delivery._meta.get_field(name))
    return Case(
        *(
            When(pk=pk, then=value if isinstance(value, Combinable) else Value(value, field))
            for pk, value in given.items()
        ),
        default=F(name),
        output_field=field,
    )


def _same(value: Any, first: Any) -> bool:
    if isinstance(value, Combinable) or isinstance(first, Combinable):
        return value is first or str(value) == str(first)
    return bool(value == first) and type(value) is type(first)
