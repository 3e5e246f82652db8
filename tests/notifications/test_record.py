"""A chunk of mixed outcomes is one UPDATE, and every row still gets its own status and error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from notifications import record
from notifications.due import get_or_create_settings
from notifications.models import Delivery
from notifications.send import BACKOFF_SECONDS, deliver_batch
from tests.support.factories import UserFactory
from tests.support.notifications import Sink

pytestmark = pytest.mark.django_db


def announcement(user: User) -> Delivery:
    return Delivery.objects.create(
        recipient=user,
        kind="announcement",
        period="news:1",
        template="daily-reminder",
        context={"log_url": "http://127.0.0.1:8000/practice/new/"},
    )


def test_skipped_failed_retried_and_sent_rows_are_written_together_each_as_itself(
    smtp_sink: Sink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record, "FLUSH_AFTER", 3600.0)  # only the end of the batch writes
    quiet = UserFactory(email="quiet@example.org")
    settings = get_or_create_settings(quiet)
    settings.announcement_enabled = False
    settings.save()
    skipped = announcement(quiet)
    failed = announcement(UserFactory(email="gone@example.org"))
    retried = announcement(UserFactory(email="busy@example.org"))
    sent = announcement(UserFactory(email="here@example.org"))
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
