"""Daily reminders arrive once per local day at the chosen wall-clock time, through DST changes.

The clock is stepped like beat would step it (a tick every two minutes around each due time,
hourly elsewhere, at an arbitrary phase) and every tick runs the real dispatcher and sender.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail

from accounts.models import User
from course.calendar import local_datetime
from course.models import Curriculum, Enrolment
from notifications.due import get_or_create_settings, reschedule
from notifications.models import NotificationSettings
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.notifications import log_practice, make_cohort, run_tick

pytestmark = pytest.mark.django_db

TICK = dt.timedelta(minutes=2)
PHASE = dt.timedelta(seconds=37)  # beat's ticks are not aligned with anyone's chosen minute
SUBJECT = "A moment for practice today"


def utc(zone: str, day: dt.date, at: dt.time) -> dt.datetime:
    # Arithmetic on aware datetimes of one zone follows the wall clock; UTC keeps it physical.
    return local_datetime(zone, day, at).astimezone(dt.UTC)


def tick_instants(zone: str, days: list[dt.date], at: dt.time) -> list[dt.datetime]:
    start = utc(zone, days[0], dt.time(0, 0))
    end = utc(zone, days[-1] + dt.timedelta(days=1), dt.time(0, 0))
    instants = set()
    t = start + PHASE
    while t < end:
        instants.add(t)
        t += dt.timedelta(hours=1)
    for day in days:
        due = utc(zone, day, at)
        instants.update(due + PHASE + k * TICK for k in range(-15, 16))
    return sorted(i for i in instants if start <= i < end)


def run_days(
    zone: str, days: list[dt.date], at: dt.time, traveller: time_machine.Coordinates
) -> list[dt.datetime]:
    """Step the clock through `days` and return the instants a daily reminder went out."""
    sent_at = []
    for instant in tick_instants(zone, days, at):
        traveller.move_to(instant)
        before = len(mail.outbox)
        run_tick()
        sent_at += [instant for m in mail.outbox[before:] if m.subject == SUBJECT]
    return sent_at


def setup_participant(
    curriculum: Curriculum, zone: str, day: dt.date, at: dt.time
) -> tuple[User, Enrolment]:
    cohort = make_cohort(curriculum, day - dt.timedelta(days=10), zone)
    user = UserFactory(time_zone=zone)
    prefs = get_or_create_settings(user)
    prefs.reminder_time = at
    reschedule(prefs)
    return user, EnrolmentFactory(cohort=cohort, participant=user)


# (zone, local date of the change, chosen time that the change skips or doubles)
DST_CASES = [
    ("America/New_York", dt.date(2026, 3, 8), dt.time(2, 30)),  # skipped hour
    ("America/New_York", dt.date(2026, 11, 1), dt.time(1, 30)),  # doubled hour
    ("Europe/Berlin", dt.date(2026, 3, 29), dt.time(2, 30)),
    ("Europe/Berlin", dt.date(2026, 10, 25), dt.time(2, 30)),
    ("Australia/Lord_Howe", dt.date(2026, 10, 4), dt.time(2, 15)),  # 30-minute gap
    ("Australia/Lord_Howe", dt.date(2026, 4, 5), dt.time(1, 45)),  # 30 minutes twice
    ("America/Santiago", dt.date(2026, 9, 6), dt.time(0, 30)),  # midnight skipped
    ("America/Santiago", dt.date(2026, 4, 4), dt.time(23, 30)),  # 23:00-24:00 twice
    ("America/New_York", dt.date(2026, 3, 8), dt.time(8, 0)),  # an ordinary morning
    ("Australia/Lord_Howe", dt.date(2026, 4, 5), dt.time(8, 0)),
]


@pytest.mark.slow
@pytest.mark.parametrize(("zone", "change_day", "at"), DST_CASES)
def test_exactly_one_reminder_per_local_day_within_one_tick_through_a_dst_change(
    curriculum: Curriculum, zone: str, change_day: dt.date, at: dt.time
) -> None:
    days = [change_day - dt.timedelta(days=1), change_day, change_day + dt.timedelta(days=1)]
    start = utc(zone, days[0], dt.time(0, 0)) - dt.timedelta(minutes=1)
    with time_machine.travel(start, tick=False) as traveller:
        setup_participant(curriculum, zone, change_day, at)
        sent_at = run_days(zone, days, at, traveller)

    tz = zoneinfo.ZoneInfo(zone)
    assert [s.astimezone(tz).date() for s in sent_at] == days, [s.astimezone(tz) for s in sent_at]
    for day, instant in zip(days, sent_at, strict=True):
        due = utc(zone, day, at)
        assert dt.timedelta(0) <= instant - due < TICK, (day, instant, due)
        # Never before the chosen wall time: a skipped time moves forward, not back.
        assert instant.astimezone(tz).time() >= at or instant.astimezone(tz).date() > day
    # A doubled wall time means its first occurrence (the earlier instant).
    fold0 = dt.datetime.combine(change_day, at, tzinfo=tz).astimezone(dt.UTC)
    if fold0 == fold0.astimezone(tz).astimezone(dt.UTC) and fold0.astimezone(tz).time() == at:
        assert sent_at[1] - fold0 < TICK


SPRING = {
    "America/New_York": dt.date(2026, 3, 8),
    "Europe/Berlin": dt.date(2026, 3, 29),
    "Australia/Lord_Howe": dt.date(2026, 10, 4),
    "America/Santiago": dt.date(2026, 9, 6),
}


@pytest.mark.parametrize("zone", list(SPRING))
@pytest.mark.parametrize("situation", ["practised", "paused", "unsubscribed"])
def test_no_reminder_on_a_practised_day_nor_while_paused_or_unsubscribed(
    curriculum: Curriculum, zone: str, situation: str
) -> None:
    change_day = SPRING[zone]
    days = [change_day - dt.timedelta(days=1), change_day, change_day + dt.timedelta(days=1)]
    at = dt.time(8, 0)
    start = utc(zone, days[0], dt.time(0, 0)) - dt.timedelta(minutes=1)
    with time_machine.travel(start, tick=False) as traveller:
        user, enrolment = setup_participant(curriculum, zone, change_day, at)
        prefs = NotificationSettings.objects.get(user=user)
        if situation == "practised":
            # Logged on the change day, early, before the reminder time.
            log_practice(enrolment, change_day)
            expected = [days[0], days[2]]
        elif situation == "paused":
            prefs.paused_until = change_day  # inclusive
            prefs.save()
            expected = [days[2]]
        else:
            prefs.daily_enabled = False
            prefs.save()
            expected = []
        sent_at = run_days(zone, days, at, traveller)
    tz = zoneinfo.ZoneInfo(zone)
    assert [s.astimezone(tz).date() for s in sent_at] == expected


def test_reminders_go_only_on_days_the_course_runs(curriculum: Curriculum) -> None:
    zone = "Europe/Berlin"
    start_day = dt.date(2026, 5, 4)
    cohort = None
    with time_machine.travel(dt.datetime(2026, 5, 1, tzinfo=dt.UTC), tick=False) as traveller:
        cohort = make_cohort(curriculum, start_day, zone)
        user = UserFactory(time_zone=zone)
        EnrolmentFactory(cohort=cohort, participant=user)
        before = run_days(
            zone, [start_day - dt.timedelta(days=1), start_day], dt.time(8), traveller
        )
        last = cohort.end_date
        after = run_days(zone, [last, last + dt.timedelta(days=1)], dt.time(8), traveller)
    tz = zoneinfo.ZoneInfo(zone)
    assert [s.astimezone(tz).date() for s in before] == [start_day]
    assert [s.astimezone(tz).date() for s in after] == [last]


def test_the_reminder_links_to_the_quick_log_form_and_says_why_it_came(
    curriculum: Curriculum,
) -> None:
    zone = "Europe/Berlin"
    day = dt.date(2026, 5, 12)
    with time_machine.travel(dt.datetime(2026, 5, 11, 12, tzinfo=dt.UTC), tick=False) as traveller:
        setup_participant(curriculum, zone, day, dt.time(7, 15))
        run_days(zone, [day], dt.time(7, 15), traveller)
    (message,) = [m for m in mail.outbox if m.subject == SUBJECT]
    html = message.alternatives[0][0]
    assert "http://127.0.0.1:8000/practice/new/" in message.body
    assert 'href="http://127.0.0.1:8000/practice/new/"' in html
    for part in (message.body, html):
        assert "daily practice reminders are on" in part
        assert "/notifications/unsubscribe/" in part
