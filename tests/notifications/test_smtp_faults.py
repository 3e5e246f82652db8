"""SMTP trouble, against a real local SMTP server: transient errors retry, permanent ones stop."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from unittest import mock

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from notifications import tasks
from notifications.send import MAX_ATTEMPTS, deliver_batch, sweep
from notifications.tasks import send_batch
from tests.support.notifications import Sink, announcement_delivery, free_port

pytestmark = pytest.mark.django_db


def test_a_451_twice_then_success_is_delivered_once_by_the_tasks_own_retries(
    smtp_sink: Sink, participant: User
) -> None:
    smtp_sink.handler.rcpt_replies = [
        "451 4.7.1 Greylisted, try later",
        "451 4.7.1 Greylisted, try later",
    ]
    row = announcement_delivery(participant)
    # apply() runs the task here; a worker would run each retry at its countdown, so the clock
    # is moved to each retry time in turn.
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            send_batch.apply(args=[[row.pk]])
            row.refresh_from_db()
            if row.status == "sent":
                break
            clock.move_to(row.next_attempt_at + dt.timedelta(seconds=1))
    assert len(smtp_sink.handler.received) == 1
    assert smtp_sink.handler.rcpt_seen == 3
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, "")


def test_a_transient_error_puts_the_row_back_with_a_growing_delay(
    smtp_sink: Sink, participant: User
) -> None:
    smtp_sink.handler.rcpt_replies = ["451 Try later", "451 Try later"]
    row = announcement_delivery(participant)
    first = deliver_batch([row.pk])
    row.refresh_from_db()
    assert first.retry == [row.pk]
    assert row.status == "pending"
    assert "451" in row.last_error
    first_wait = row.next_attempt_at - row.updated_at
    with time_machine.travel(row.next_attempt_at + dt.timedelta(seconds=1), tick=False) as clock:
        deliver_batch([row.pk])
        row.refresh_from_db()
        assert row.next_attempt_at - row.updated_at > first_wait
        clock.move_to(row.next_attempt_at + dt.timedelta(seconds=1))
        deliver_batch([row.pk])
    row.refresh_from_db()
    assert row.status == "sent"
    assert len(smtp_sink.handler.received) == 1


def test_another_task_message_during_the_backoff_waits_instead_of_retrying_early(
    smtp_sink: Sink, participant: User
) -> None:
    smtp_sink.handler.rcpt_replies = ["451 Try later"] * 10
    row = announcement_delivery(participant)
    deliver_batch([row.pk])
    # The tick, the sweeper or a redelivered message names the same row seconds later.
    for _ in range(5):
        outcome = deliver_batch([row.pk])
        assert outcome.waiting == [row.pk]
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("pending", 1)
    assert smtp_sink.handler.rcpt_seen == 1


def test_a_refused_sender_stops_the_batch_and_keeps_every_row_for_later(
    smtp_sink: Sink, participant: User, second_participant: User
) -> None:
    smtp_sink.handler.mail_from_reply = "550 5.7.1 Relaying denied"
    rows = [announcement_delivery(participant), announcement_delivery(second_participant)]
    outcome = deliver_batch([r.pk for r in rows])
    assert sorted(outcome.retry) == sorted(r.pk for r in rows)
    assert not outcome.failed
    for row in rows:
        row.refresh_from_db()
        assert row.status == "pending"
        assert "Relaying denied" in row.last_error


def test_a_batch_past_its_time_budget_hands_the_rest_back_untried(
    smtp_sink: Sink, participant: User, second_participant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notifications import send

    monkeypatch.setattr(send, "SEND_BUDGET", dt.timedelta(seconds=-1))
    rows = [announcement_delivery(participant), announcement_delivery(second_participant)]
    outcome = deliver_batch([r.pk for r in rows])
    assert outcome.sent == []
    assert sorted(outcome.retry) == sorted(r.pk for r in rows)
    for row in rows:
        row.refresh_from_db()
        assert (row.status, row.attempts) == ("pending", 0)
    assert smtp_sink.handler.received == []


def test_a_550_is_tried_once_and_marked_failed(smtp_sink: Sink, participant: User) -> None:
    smtp_sink.handler.rcpt_replies = ["550 5.1.1 No such mailbox"]
    row = announcement_delivery(participant)
    outcome = send_batch.apply(args=[[row.pk]])
    row.refresh_from_db()
    assert outcome.result["failed"] == 1
    assert (row.status, row.attempts) == ("failed", 1)
    assert "550" in row.last_error
    assert smtp_sink.handler.rcpt_seen == 1
    assert smtp_sink.handler.received == []
    # Nothing brings a permanent failure back on its own.
    assert row.pk not in sweep(pending_after=dt.timedelta(0))


def test_one_refused_mailbox_does_not_hold_up_the_rest_of_the_batch(
    smtp_sink: Sink, participant: User, second_participant: User
) -> None:
    smtp_sink.handler.rcpt_replies = ["550 No such mailbox"]
    first, second = announcement_delivery(participant), announcement_delivery(second_participant)
    outcome = deliver_batch([first.pk, second.pk])
    assert outcome.failed == [first.pk]
    assert outcome.sent == [second.pk]


def test_transient_errors_give_up_after_the_last_attempt(
    smtp_sink: Sink, participant: User
) -> None:
    smtp_sink.handler.rcpt_replies = ["421 Service not available"] * (MAX_ATTEMPTS + 1)
    row = announcement_delivery(participant)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(MAX_ATTEMPTS):
            deliver_batch([row.pk])
            row.refresh_from_db()
            clock.move_to(row.next_attempt_at + dt.timedelta(seconds=1))
    # Six tries spread over the backoff (1+2+5+10+10 minutes), not six in a row.
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert "Gave up" in row.last_error


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never says a word (no SMTP greeting)."""
    port = free_port()
    listener = socket.socket()
    listener.bind(("127.0.0.1", port))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield port
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def test_a_server_that_never_answers_ends_the_task_within_the_email_timeout(
    silent_server: int, participant: User
) -> None:
    row = announcement_delivery(participant)
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=silent_server,
        EMAIL_TIMEOUT=2,
    ):
        started = time.monotonic()
        # The task itself, with its follow-up retry switched off so this run is all we time.
        with mock.patch.object(tasks, "MAX_TASK_RETRIES", 0):
            result = send_batch.apply(args=[[row.pk]])
        elapsed = time.monotonic() - started
    row.refresh_from_db()
    assert elapsed < 2 + 1.5
    assert result.successful()
    assert result.result["again"] == 1
    assert row.status == "pending"
    assert "timed out" in row.last_error.lower()
