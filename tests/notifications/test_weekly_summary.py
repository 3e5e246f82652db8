"""The weekly summary: the progress module's numbers, in both parts, computed in bulk."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from course.models import CalendarKind, Cohort, Enrolment, Reading
from homework.models import CalendarEntry, CheckIn, ReadingDone
from homework.progress import week_progress
from notifications import record
from notifications.batch import load_batch
from notifications.due import dispatch_summaries, summary_due
from notifications.models import Delivery, Kind
from notifications.record import CHUNK
from notifications.send import deliver_batch
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.notifications import log_practice, run_tick

pytestmark = pytest.mark.django_db


def day(cohort: Cohort, week: int, offset: int) -> dt.date:
    return cohort.start_date + dt.timedelta(days=7 * (week - 1) + offset)


def seed_week_two(enrolment: Enrolment, cohort: Cohort) -> None:
    for offset in range(4):
        log_practice(enrolment, day(cohort, 2, offset), 45, "body-scan")
    log_practice(enrolment, day(cohort, 2, 1), 12, "sitting-breath")
    reading = Reading.objects.filter(week__curriculum=cohort.curriculum, week__number=2).first()
    if reading:
        ReadingDone.objects.create(enrolment=enrolment, reading=reading)
    for offset in range(3):
        CalendarEntry.objects.create(
            enrolment=enrolment,
            kind=CalendarKind.PLEASANT,
            occurred_on=day(cohort, 2, offset),
            event="Sun",
        )
    CheckIn.objects.create(enrolment=enrolment, day=day(cohort, 1, 2), pain=6, stress=7)
    CheckIn.objects.create(enrolment=enrolment, day=day(cohort, 2, 2), pain=4, stress=5)
    CheckIn.objects.create(enrolment=enrolment, day=day(cohort, 2, 4), pain=4, stress=4)


def test_the_summary_shows_the_progress_modules_numbers_in_text_and_html(
    enrolment: Enrolment, cohort: Cohort
) -> None:
    seed_week_two(enrolment, cohort)
    with time_machine.travel(summary_due(cohort, 2) + dt.timedelta(minutes=1), tick=False):
        run_tick()
    (message,) = [m for m in mail.outbox if m.subject == "Your week 2 in review"]
    html = message.alternatives[0][0]
    week = week_progress([enrolment], 2)[enrolment.pk]
    expected = [
        f"{week.minutes} minutes on {week.days_label}",
        f"{round(week.adherence * 100)}% of the practice asked",
        f"Readings: {week.readings_done} of {week.readings_total} read",
        f"Check-ins: {week.check_ins.count}",
        f"stress {7.0} → {week.check_ins.stress} (lower)",
        f"Pleasant events calendar: {week.calendar_entries['pleasant']} of "
        f"{week.calendar_expected['pleasant']} entries",
    ] + [
        f"{a.assignment.practice.name}: {a.days_practised} of {a.target_days} days, "
        f"{a.minutes} of {a.target_minutes} min"
        for a in week.assignments
    ]
    assert week.minutes == 192
    assert week.days_practised == 4
    for text in expected:
        assert text in message.body, text
        assert text in html, text
    # A kind sentence, and next week's theme and targets.
    assert "Every session counts" in message.body
    assert "Next: week 3," in message.body
    assert "Next: week 3," in html
    assert re.search(r"min a day, \d days", message.body)


def test_a_participant_who_kept_up_hears_so_and_the_last_week_closes_the_course(
    enrolment: Enrolment, cohort: Cohort
) -> None:
    with time_machine.travel(summary_due(cohort, 8) + dt.timedelta(minutes=1), tick=False):
        for offset in range(7):
            log_practice(enrolment, day(cohort, 8, offset), 45, "sitting-open")
        run_tick()
    (message,) = [m for m in mail.outbox if m.subject == "Your week 8 in review"]
    assert "You kept a steady practice" in message.body
    assert "last week of the course" in message.body


def test_each_active_participant_gets_one_summary_when_the_week_ends_in_the_cohorts_zone(
    enrolment: Enrolment, cohort: Cohort, second_participant: object
) -> None:
    withdrawn = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WITHDRAWN)
    due = summary_due(cohort, 2)
    with time_machine.travel(due - dt.timedelta(minutes=1), tick=False) as traveller:
        run_tick()
        assert not [m for m in mail.outbox if "in review" in m.subject]
        traveller.move_to(due + dt.timedelta(seconds=30))
        run_tick()
        traveller.shift(dt.timedelta(minutes=2))
        run_tick()
    sent = [m for m in mail.outbox if "in review" in m.subject]
    assert sorted(m.to[0] for m in sent) == ["pat@example.org", "robin@example.org"]
    assert withdrawn.participant.email not in [m.to[0] for m in sent]


def test_sending_a_batch_of_summaries_takes_a_fixed_number_of_queries(
    cohort: Cohort, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claim, load, the builders' reads (progress included) are fixed; the outcomes are written
    one chunk at a time, never one UPDATE per message."""
    # Only the chunk size decides here: a slow machine must not add a time-based write.
    monkeypatch.setattr(record, "FLUSH_AFTER", 3600.0)
    people = [EnrolmentFactory(cohort=cohort, participant=UserFactory()) for _ in range(3 + 9 + 25)]
    for enrolment in people:
        log_practice(enrolment, day(cohort, 2, 1), 30)
    with time_machine.travel(summary_due(cohort, 2) + dt.timedelta(minutes=1), tick=False):
        ids = dispatch_summaries(dt.datetime.now(dt.UTC))
        rows = list(
            Delivery.objects.filter(pk__in=ids).select_related("recipient__notification_settings")
        )
        with CaptureQueriesContext(connection) as small:
            load_batch(rows[:3], dt.datetime.now(dt.UTC))
        with CaptureQueriesContext(connection) as large:
            load_batch(rows, dt.datetime.now(dt.UTC))
        # 1 enrolments, 9 progress (homework.progress), 1 next week's theme, 1 next targets
        # and 1 their alternates (to name each target as the participant sees it).
        assert len(small) == len(large) == 13
        with CaptureQueriesContext(connection) as three:
            deliver_batch(ids[:3])
        with CaptureQueriesContext(connection) as nine:
            deliver_batch(ids[3:12])
        with CaptureQueriesContext(connection) as twenty_five:
            deliver_batch(ids[12:])
    # 1 claim + 1 load + 13 builder reads, then 1 UPDATE per chunk of CHUNK (10) outcomes.
    assert CHUNK == 10
    assert len(three) == len(nine) == 15 + 1
    assert len(twenty_five) == 15 + 3
    updates = [q["sql"] for q in twenty_five.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 + 3  # the claim, then three chunks (10, 10, 5)
    assert Delivery.objects.filter(kind=Kind.SUMMARY, status="sent").count() == 37
    assert len(mail.outbox) == 37


def test_the_dispatcher_creates_summaries_in_a_fixed_number_of_queries(cohort: Cohort) -> None:
    due = summary_due(cohort, 2) + dt.timedelta(minutes=1)
    counts = []
    for extra in (3, 30):
        EnrolmentFactory.create_batch(extra, cohort=cohort)
        Delivery.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            ids = dispatch_summaries(due)
        counts.append(len(queries))
        assert len(ids) == Enrolment.objects.filter(cohort=cohort).count()
    # cohorts, enrolments, rows already written, one bulk insert, pending ids.
    assert counts == [5, 5]


def test_a_later_tick_in_the_same_window_queues_nothing_again(cohort: Cohort) -> None:
    EnrolmentFactory.create_batch(3, cohort=cohort)
    due = summary_due(cohort, 2) + dt.timedelta(minutes=1)
    assert len(dispatch_summaries(due)) == 3
    # Two minutes later the week is still in its window: the rows exist, nothing is re-queued
    # (a row waiting to retry is its own task's business, then the sweeper's).
    assert dispatch_summaries(due + dt.timedelta(minutes=2)) == []
    assert Delivery.objects.count() == 3
