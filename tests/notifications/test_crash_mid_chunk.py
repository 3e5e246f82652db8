"""A sender killed mid-chunk: what the ledger, the Redis marks and the next claim make of it.

Outcomes are written to the ledger one chunk at a time (notifications.record); each sent
message is marked in Redis at once. A process that dies before its chunk is written repeats
only the message that was on the wire while the marks survive, and at most the unwritten chunk
if they are lost too. The kill is deterministic here: a forked process sends through a backend
that calls os._exit right after the server accepted message 13 (chunk size 10).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from email import message_from_bytes
from unittest import mock

import pytest
import redis
from django.core.cache import cache
from django.db import connection, connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import record
from notifications.models import Delivery
from notifications.record import CHUNK, read_mark
from notifications.send import deliver_batch, sweep
from tests.support.factories import UserFactory
from tests.support.notifications import DiesMidBatch, Sink, free_port

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 15
DIES_AFTER = 13  # one chunk of 10 written; 11 and 12 marked only; 13 accepted, never marked


@pytest.fixture(autouse=True)
def _chunks_by_count_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # A slow machine must not write a chunk early by the clock: the count decides here.
    monkeypatch.setattr(record, "FLUSH_AFTER", 3600.0)


def announcements() -> list[Delivery]:
    return [
        Delivery.objects.create(
            recipient=UserFactory(email=f"person{n:02}@example.org"),
            kind="announcement",
            period="news:1",
            template="daily-reminder",
            context={"log_url": "http://127.0.0.1:8000/practice/new/"},
        )
        for n in range(ROWS)
    ]


def send_and_die(ids: list[int]) -> None:
    """deliver_batch in a forked process that dies hard after DIES_AFTER messages."""
    DiesMidBatch.after, DiesMidBatch.sent = DIES_AFTER, 0
    connections.close_all()  # the child opens its own connection
    with override_settings(EMAIL_BACKEND="tests.support.notifications.DiesMidBatch"):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            try:
                deliver_batch(ids)
            finally:
                os._exit(3)  # reached only if it did not die where it should
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 9


def restart(killed_at: dt.datetime) -> list[int]:
    """What the sweeper and the next task do once the dead worker's time limit has passed."""
    ids = sweep(killed_at, stuck_after=dt.timedelta(0), pending_after=dt.timedelta(0))
    deliver_batch(ids)
    return ids


def received_per_address(sink: Sink) -> Counter[str]:
    return Counter(message_from_bytes(content)["To"] for _, content in sink.handler.received)


def test_a_kill_mid_chunk_repeats_only_the_message_on_the_wire(smtp_sink: Sink) -> None:
    rows = announcements()
    send_and_die([r.pk for r in rows])
    killed_at = timezone.now()
    assert len(smtp_sink.handler.received) == DIES_AFTER
    statuses = list(Delivery.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["sent"] * CHUNK + ["sending"] * (ROWS - CHUNK)
    assert read_mark(rows[CHUNK].public_id) is not None  # 11: marked, not written

    again = restart(killed_at)

    assert again == [r.pk for r in rows[CHUNK:]]
    per_address = received_per_address(smtp_sink)
    assert set(per_address) == {r.recipient.email for r in rows}
    # Only message 13, accepted by the server the instant before the kill, went twice.
    assert {a for a, n in per_address.items() if n > 1} == {rows[DIES_AFTER - 1].recipient.email}
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    attempts = dict(Delivery.objects.values_list("pk", "attempts"))
    # 11 and 12 were recorded from their marks, not tried again.
    assert [attempts[r.pk] for r in rows[CHUNK:]] == [1, 1, 2, 2, 2]
    # A written chunk leaves no marks behind.
    assert [read_mark(r.public_id) for r in rows] == [None] * ROWS


def test_with_the_marks_lost_too_a_kill_repeats_at_most_the_unwritten_chunk(
    smtp_sink: Sink,
) -> None:
    rows = announcements()
    send_and_die([r.pk for r in rows])
    killed_at = timezone.now()
    cache.clear()  # as if Redis had restarted: the marks live in the cache's Redis

    restart(killed_at)

    per_address = received_per_address(smtp_sink)
    repeated = {a for a, n in per_address.items() if n > 1}
    # The written chunk (1 to 10) never goes again; 11 to 13 do; the bound is one chunk.
    assert repeated == {r.recipient.email for r in rows[CHUNK:DIES_AFTER]}
    assert len(repeated) <= CHUNK
    assert set(per_address.values()) <= {1, 2}
    assert Delivery.objects.filter(status="sent").count() == ROWS


def test_without_redis_each_send_is_written_to_the_ledger_at_once(smtp_sink: Sink) -> None:
    rows = announcements()[:4]
    unreachable = redis.Redis(port=free_port(), socket_connect_timeout=1)
    with (
        mock.patch.object(record, "_redis", return_value=unreachable),
        CaptureQueriesContext(connection) as queries,
    ):
        outcome = deliver_batch([r.pk for r in rows])
    assert sorted(outcome.sent) == sorted(r.pk for r in rows)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(writes) == 1 + len(rows)  # the claim, then one write per message
    mine = Delivery.objects.filter(pk__in=[r.pk for r in rows])
    assert set(mine.values_list("status", flat=True)) == {"sent"}
