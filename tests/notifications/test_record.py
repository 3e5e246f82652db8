"""A chunk of mixed outcomes is one UPDATE, and every row still gets its own status and error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import record
from notifications.due import get_or_create_settings
from notifications.models import Delivery
from notifications.send import BACKOFF_SECONDS, deliver_batch
from tests.support.factories import UserFactory
from tests.support.notifications import Sink, announcement_delivery

pytestmark = pytest.mark.django_db


def test_skipped_failed_retried_and_sent_rows_are_written_together_each_as_itself(
    smtp_sink: Sink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record, "FLUSH_AFTER", 3600.0)  # only the end of the batch writes
    quiet = UserFactory(email="quiet@example.org")
    settings = get_or_create_settings(quiet)
    settings.announcement_enabled = False
    settings.save()
    skipped = announcement_delivery(quiet)
    failed = announcement_delivery(UserFactory(email="gone@example.org"))
    retried = announcement_delivery(UserFactory(email="busy@example.org"))
    sent = announcement_delivery(UserFactory(email="here@example.org"))
    # RCPT replies in order: the skipped row never reaches the server.
    smtp_sink.handler.rcpt_replies = ["550 5.1.1 No such mailbox", "451 4.7.1 Try later"]
    before = timezone.now()

    with CaptureQueriesContext(connection) as queries:
        outcome = deliver_batch([skipped.pk, failed.pk, retried.pk, sent.pk])

    assert (outcome.skipped, outcome.failed, outcome.retry, outcome.sent) == (
        [skipped.pk],
        [failed.pk],
        [retried.pk],
        [sent.pk],
    )
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 2  # the claim, then one write for all four outcomes
    rows = {row.pk: row for row in Delivery.objects.all()}
    assert (rows[skipped.pk].status, rows[skipped.pk].last_error) == (
        "skipped",
        "The recipient turned this kind off.",
    )
    assert rows[failed.pk].status == "failed"
    assert "550" in rows[failed.pk].last_error
    assert rows[failed.pk].sent_at is None
    again = rows[retried.pk]
    assert (again.status, again.claim_token, again.attempts) == ("pending", None, 1)
    assert "451" in again.last_error
    wait = again.next_attempt_at - before
    assert dt.timedelta(seconds=BACKOFF_SECONDS[0]) <= wait < dt.timedelta(seconds=90)
    done = rows[sent.pk]
    assert (done.status, done.to, done.last_error) == ("sent", "here@example.org", "")
    assert done.sent_at is not None
    assert before <= done.sent_at <= timezone.now()
    # Only a sent row records the address it went to.
    assert rows[failed.pk].to == rows[skipped.pk].to == ""
    assert len(smtp_sink.handler.received) == 1


def test_a_row_sent_before_a_crash_is_not_sent_again_after_the_admins_send_again(
    smtp_sink: Sink,
) -> None:
    # A worker handed the message to the server, marked it, and died before writing the row.
    row = announcement_delivery(UserFactory(email="here@example.org"))
    client = record._redis()
    assert client is not None
    client.set(record.mark_key(row.public_id), f"{timezone.now().isoformat()} here@example.org")
    # The sweeper put it back, and the operator pressed "Send again": attempts back to 0.
    Delivery.objects.filter(pk=row.pk).update(status="pending", attempts=0, claim_token=None)

    outcome = deliver_batch([row.pk])

    assert outcome.sent == [row.pk]
    assert smtp_sink.handler.received == []  # recorded from the mark, not sent a second time
    row.refresh_from_db()
    assert (row.status, row.to) == ("sent", "here@example.org")


def test_marks_stay_when_the_sweeper_took_a_row_back_before_the_chunk_was_written(
    smtp_sink: Sink,
) -> None:
    rows = [announcement_delivery(UserFactory(email=f"p{i}@example.org")) for i in range(2)]
    Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(
        status="sending", claim_token=rows[0].public_id, attempts=1
    )
    recorder = record.Recorder(token=rows[0].public_id)
    recorder.chunk = 100  # nothing is written until the flush below
    for row in rows:
        recorder.sent(row, row.recipient.email)
    # Meanwhile the sweeper handed the second row back (its claim token is gone).
    Delivery.objects.filter(pk=rows[1].pk).update(status="pending", claim_token=None)
    recorder.flush()

    client = record._redis()
    assert client is not None
    # Its mark is the only record that it went out: kept, so its next claim does not resend it.
    assert client.get(record.mark_key(rows[1].public_id)) is not None
    assert record.already_sent([Delivery.objects.get(pk=rows[1].pk)])
    assert Delivery.objects.get(pk=rows[0].pk).status == "sent"
