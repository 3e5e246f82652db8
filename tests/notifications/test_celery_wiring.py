"""The Celery side: beat runs one short tick and the sweeper, retries stay short."""

from __future__ import annotations

import uuid
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from config.celery_app import app
from notifications.models import Delivery
from notifications.send import BACKOFF_SECONDS, STUCK_AFTER, deliver_batch
from notifications.tasks import MAX_TASK_RETRIES, send_batch

pytestmark = pytest.mark.django_db


def test_beat_runs_a_short_tick_and_the_sweeper_and_each_entry_expires() -> None:
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["notifications-tick"]["task"] == "notifications.tick"
    assert schedule["notifications-tick"]["schedule"] <= 300
    for entry in schedule.values():
        assert entry["options"]["expires"] < entry["schedule"]
        assert entry["task"] in app.tasks


def test_retry_delays_stay_below_the_visibility_timeout_and_stuck_rows_wait_out_the_limit() -> None:
    assert max(BACKOFF_SECONDS) < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert STUCK_AFTER.total_seconds() > settings.CELERY_TASK_TIME_LIMIT
    assert settings.EMAIL_TIMEOUT < settings.CELERY_TASK_SOFT_TIME_LIMIT


def test_a_task_that_finds_its_row_claimed_elsewhere_retries_instead_of_dropping_it(
    participant: User,
) -> None:
    row = Delivery.objects.create(
        recipient=participant,
        kind="announcement",
        period="n",
        template="daily-reminder",
        status="sending",
        claim_token=uuid.uuid4(),
        claimed_at=timezone.now(),
    )
    with mock.patch("notifications.tasks.deliver_batch", wraps=deliver_batch) as spy:
        result = send_batch.apply(args=[[row.pk]])
    # apply() runs the retries here, one after another; the last one leaves it to the sweeper.
    assert spy.call_count == MAX_TASK_RETRIES + 1
    assert result.result == {"sent": 0, "skipped": 0, "failed": 0, "again": 1}
    row.refresh_from_db()
    assert row.status == "sending"
