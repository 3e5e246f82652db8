"""A daily reminder is not stuck behind a fan-out: summaries queue apart (the bulk queue), and a
real worker reaches the reminder while 10,000 summaries are still waiting."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from course.actions import create_cohort
from course.models import Curriculum, Enrolment
from notifications.due import get_or_create_settings
from notifications.models import Delivery, Kind
from notifications.tasks import enqueue_batches
from tests.support.celery_worker import celery_worker

SUMMARIES = 10_000


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_due_reminder_goes_out_while_ten_thousand_summaries_are_queued(
    curriculum: Curriculum,
) -> None:
    start = timezone.now().date() - dt.timedelta(days=9)
    cohort = create_cohort(curriculum=curriculum, title="Big", start_date=start, time_zone="UTC")
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"s{n}@example.org", display_name=f"S{n}", password=password)
        for n in range(SUMMARIES)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, participant=u, status=Enrolment.Status.ACTIVE) for u in users
    )
    now = timezone.now()
    summary_ids = [
        d.pk
        for d in Delivery.objects.bulk_create(
            Delivery(
                recipient=e.participant,
                kind=Kind.SUMMARY,
                period=f"cohort:{cohort.pk}:week:1",
                context={"enrolment": e.pk, "week": 1},
                next_attempt_at=now,
            )
            for e in enrolments
        )
    ]
    # Someone whose daily reminder is due right now, in a course running today.
    early = User.objects.create_user("early@example.org", display_name="Early", time_zone="UTC")
    Enrolment.objects.create(cohort=cohort, participant=early, status=Enrolment.Status.ACTIVE)
    prefs = get_or_create_settings(early)
    prefs.reminder_time = now.time().replace(second=0, microsecond=0)
    prefs.save()
    reminder = Delivery.objects.create(
        recipient=early, kind=Kind.DAILY, period=now.date().isoformat(), next_attempt_at=now
    )

    with celery_worker(concurrency=1):
        # The whole fan-out is queued first; the reminder after it, as a tick would queue it.
        enqueue_batches(summary_ids)
        enqueue_batches([reminder.pk])
        queued_at = time.monotonic()
        deadline = queued_at + 120
        while Delivery.objects.get(pk=reminder.pk).status != Delivery.Status.SENT:
            assert time.monotonic() < deadline, "the reminder waited behind the fan-out"
            time.sleep(0.2)
        waited = time.monotonic() - queued_at
        sent_summaries = Delivery.objects.filter(kind=Kind.SUMMARY, status="sent").count()
    from config.celery_app import app

    app.control.purge()  # the rest of the fan-out is not this test's business
    assert waited < 120
    # It overtook the fan-out: most of the 10,000 were still waiting when it went.
    assert sent_summaries < SUMMARIES // 2, sent_summaries
    print(f"reminder sent after {waited:.1f} s, with {sent_summaries} summaries sent before it")
