"""1,000 weekly summaries through a real worker on the real broker; the worker is SIGKILLed
mid-batch and restarted. Every participant ends with exactly one sent row, nobody is missed,
and the only duplicates are the few messages that were on the wire at the moment of the kill.

The ledger is written one chunk at a time (notifications.record), so the kill nearly always
lands with sent messages not yet written; the Redis marks are what keep them from going again.
Without the marks the bound is one chunk per process (test_crash_mid_chunk.py proves both).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from course.actions import create_cohort
from course.models import Curriculum, Enrolment, Practice
from homework.models import PracticeLog
from notifications.due import dispatch_summaries, summary_due
from notifications.models import Delivery
from notifications.send import sweep
from notifications.tasks import enqueue_batches
from tests.support.celery_worker import celery_worker, kill_hard
from tests.support.notifications import SinkHandler, free_port

PARTICIPANTS = 1000
COHORTS = 10
CONCURRENCY = 2


def seed(curriculum: Curriculum) -> list:
    start = timezone.now().date() - dt.timedelta(days=10)
    cohorts = [
        create_cohort(curriculum=curriculum, title=f"Cohort {n}", start_date=start, time_zone=zone)
        for n, zone in zip(
            range(COHORTS),
            ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "UTC"]
            * 2,
            strict=True,
        )
    ]
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(email=f"p{n}@example.org", display_name=f"P{n}", password=password)
            for n in range(PARTICIPANTS)
        ]
    )
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(cohort=cohorts[n % COHORTS], participant=user, status=Enrolment.Status.ACTIVE)
            for n, user in enumerate(users)
        ]
    )
    body_scan = Practice.objects.get(slug="body-scan")
    PracticeLog.objects.bulk_create(
        [
            PracticeLog(
                enrolment=e,
                practice=body_scan,
                practised_on=start + dt.timedelta(days=d),
                minutes=30,
            )
            for e in enrolments
            for d in range(0, 7, 2)
        ]
    )
    return cohorts


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}")
        time.sleep(0.2)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_and_restarted_sends_every_summary_once(
    curriculum: Curriculum,
) -> None:
    cohorts = seed(curriculum)
    handler = SinkHandler(delay=0.005)
    port = free_port()
    sink = Controller(handler, hostname="127.0.0.1", port=port)
    sink.start()
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "STILLPOINT_SINK_PORT": str(port),
    }
    now = max(summary_due(c, 1) for c in cohorts) + dt.timedelta(minutes=1)
    try:
        with celery_worker(concurrency=CONCURRENCY, extra_env=env) as worker:
            ids = dispatch_summaries(now, cohorts)
            assert len(ids) == PARTICIPANTS
            enqueue_batches(ids)  # on commit: at once, as the test runs in autocommit
            wait_for(lambda: len(handler.received) >= PARTICIPANTS // 3, 180, "a third sent")
            kill_hard(worker)
            killed_at = timezone.now()
        sent_before_restart = Delivery.objects.filter(status="sent").count()
        assert sent_before_restart < PARTICIPANTS  # the kill really was mid-fan-out

        with celery_worker(concurrency=CONCURRENCY, extra_env=env, purge=False):
            # What the periodic sweeper does once its thresholds have passed: rows the dead
            # worker held mid-send go back to pending, and every pending row is queued again.
            enqueue_batches(
                sweep(killed_at, stuck_after=dt.timedelta(0), pending_after=dt.timedelta(0))
            )
            wait_for(
                lambda: Delivery.objects.filter(status="sent").count() == PARTICIPANTS,
                240,
                "every summary sent",
            )
    finally:
        sink.stop()

    rows = Counter(Delivery.objects.filter(kind="summary").values_list("recipient_id", "status"))
    assert len(rows) == PARTICIPANTS
    assert set(rows.values()) == {1}
    assert {status for _, status in rows} == {"sent"}
    received = Counter(message_from_bytes(content)["To"] for _, content in handler.received)
    assert set(received) == {f"p{n}@example.org" for n in range(PARTICIPANTS)}
    duplicates = sum(count - 1 for count in received.values())
    # Each pool process has at most one message on the wire at any moment; the messages it
    # sent before that are marked in Redis even when their chunk was not yet written.
    assert duplicates <= CONCURRENCY
    print(f"sent before kill: {sent_before_restart}, duplicates: {duplicates}")
