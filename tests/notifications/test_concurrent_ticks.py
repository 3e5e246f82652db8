"""Two ticks at the same moment (as with two beat processes) send each message once."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import override_settings

from course.calendar import local_datetime
from course.models import Curriculum
from notifications.due import summary_due
from notifications.models import Delivery
from notifications.send import Outcome, deliver_batch
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.notifications import make_cohort, run_tick


@pytest.mark.django_db(transaction=True)
@override_settings(EMAIL_BACKEND="tests.support.notifications.SlowLocmemBackend")
def test_two_ticks_in_two_threads_at_the_same_moment_send_each_message_once(
    curriculum: Curriculum,
) -> None:
    zone = "Europe/Berlin"
    start = dt.date(2026, 6, 1)
    # 08:00:30 on the first day of week 2: daily reminders (08:00) and the week 1 summary
    # (07:00) are both due.
    moment = local_datetime(zone, start + dt.timedelta(days=7), dt.time(8, 0)).astimezone(
        dt.UTC
    ) + dt.timedelta(seconds=30)
    with time_machine.travel(moment - dt.timedelta(days=1), tick=False) as traveller:
        cohort = make_cohort(curriculum, start, zone)
        people = [UserFactory(time_zone=zone) for _ in range(8)]
        for person in people:
            EnrolmentFactory(cohort=cohort, participant=person)
        assert summary_due(cohort, 1) <= moment
        traveller.move_to(moment)

        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def tick() -> None:
            try:
                barrier.wait()
                run_tick()
            except BaseException as error:  # report failures from the thread to the test
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=tick) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors, errors
        run_tick()  # whatever one thread left to the other (busy rows) goes now, still once

    per_message = Counter((m.to[0], m.subject) for m in mail.outbox)
    emails = {p.email for p in people}
    # Every participant got a daily reminder and the week 1 summary, exactly once each.
    assert {to for to, subject in per_message if subject == "A moment for practice today"} == emails
    assert {to for to, subject in per_message if subject == "Your week 1 in review"} == emails
    assert set(per_message.values()) == {1}
    assert Delivery.objects.filter(status="sent").count() == len(mail.outbox)


@pytest.mark.django_db(transaction=True)
@override_settings(EMAIL_BACKEND="tests.support.notifications.SlowLocmemBackend")
def test_two_tasks_holding_the_same_ids_send_each_once_and_the_loser_retries_later() -> None:
    people = [UserFactory() for _ in range(8)]
    ids = [
        Delivery.objects.create(
            recipient=p, kind="announcement", period="news:1", template="daily-reminder"
        ).pk
        for p in people
    ]
    barrier = threading.Barrier(2)
    outcomes: list[Outcome] = []

    def send() -> None:
        try:
            barrier.wait()
            outcomes.append(deliver_batch(ids))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(mail.outbox) == 8
    assert sorted(pk for o in outcomes for pk in o.sent) == sorted(ids)
    # The task that lost the claim did not drop the rows: it reports them as busy (to retry).
    assert sorted(pk for o in outcomes for pk in o.busy + o.sent) in (sorted(ids), sorted(ids * 2))
