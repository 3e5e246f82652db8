"""The sweeper: rows a dead worker left mid-send, or whose task was lost, are sent again."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from notifications.models import Delivery
from notifications.send import STUCK_AFTER, deliver_batch, sweep

pytestmark = pytest.mark.django_db


def announcement(user: User, **fields: object) -> Delivery:
    return Delivery.objects.create(
        recipient=user, kind="announcement", period="news:1", template="daily-reminder", **fields
    )


def test_a_row_claimed_by_a_live_task_is_left_alone_and_reported_busy(participant: User) -> None:
    row = announcement(
        participant, status="sending", claim_token=uuid.uuid4(), claimed_at=timezone.now()
    )
    outcome = deliver_batch([row.pk])
    assert outcome.busy == [row.pk]
    assert sweep() == []
    row.refresh_from_db()
    assert row.status == "sending"
    assert mail.outbox == []


def test_a_row_stuck_mid_send_past_the_time_limit_goes_back_and_is_sent(participant: User) -> None:
    claimed = timezone.now() - STUCK_AFTER - dt.timedelta(seconds=1)
    row = announcement(
        participant, status="sending", claim_token=uuid.uuid4(), claimed_at=claimed, attempts=1
    )
    ids = sweep(pending_after=dt.timedelta(0))
    assert ids == [row.pk]
    deliver_batch(ids)
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_a_pending_row_whose_task_was_lost_is_queued_again(participant: User) -> None:
    row = announcement(participant, next_attempt_at=timezone.now() - dt.timedelta(minutes=10))
    fresh = announcement(User.objects.create_user("fresh@example.org"))
    assert sweep() == [row.pk]  # the fresh one still has its own task on the way
    assert fresh.pk not in sweep()


def test_ids_that_no_longer_exist_are_a_no_op(participant: User) -> None:
    outcome = deliver_batch([987654])
    assert (outcome.sent, outcome.busy, outcome.retry) == ([], [], [])
