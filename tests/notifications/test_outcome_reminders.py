"""Questionnaire invitations and their one reminder: once each, at 09:00 on the person's clock.

The clock is stepped as beat steps it (hourly, and every two minutes around each local 09:00),
and each tick runs the real dispatcher and sender, across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course.calendar import local_datetime
from course.models import Cohort, Curriculum, Enrolment
from notifications.due import get_or_create_settings
from notifications.due_outcomes import (
    SEND_AT,
    due_messages,
    invitation_due,
    reminder_due,
)
from notifications.models import Delivery, Kind
from notifications.send import deliver_batch
from notifications.signing import read_token
from outcomes.models import CohortOutcomeSettings, Instrument, TimePoint
from outcomes.schedule import Window
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.notifications import make_cohort, run_tick
from tests.support.outcomes import submitted

pytestmark = pytest.mark.django_db

TICK = dt.timedelta(minutes=2)
PHASE = dt.timedelta(seconds=37)
END = "End of the course"


@pytest.fixture
def instruments(db: None) -> None:
    call_command("load_instruments", stdout=StringIO())


def utc(zone: str, day: dt.date, at: dt.time) -> dt.datetime:
    return local_datetime(zone, day, at).astimezone(dt.UTC)


def ticks(zone: str, first: dt.date, last: dt.date) -> list[dt.datetime]:
    """Hourly, plus every two minutes for half an hour either side of each local 09:00."""
    start, end = utc(zone, first, dt.time(0)), utc(zone, last + dt.timedelta(days=1), dt.time(0))
    instants = set()
    t = start + PHASE
    while t < end:
        instants.add(t)
        t += dt.timedelta(hours=1)
    day = first
    while day <= last:
        due = utc(zone, day, SEND_AT)
        instants.update(due + PHASE + k * TICK for k in range(-15, 16))
        day += dt.timedelta(days=1)
    return sorted(i for i in instants if start <= i < end)


def questionnaire_mail(label: str = END) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if label in m.subject]


def answer_everything(enrolment: Enrolment, point: str) -> None:
    for instrument in Instrument.objects.filter(usable=True):
        if instrument.asked_at(point):
            submitted(enrolment, instrument.slug, point, [5] * instrument.items.count())


def ended_cohort_person(
    curriculum: Curriculum, cohort_zone: str, person_zone: str, week_8: dt.date
) -> tuple[User, Enrolment]:
    cohort = make_cohort(curriculum, week_8 - dt.timedelta(weeks=7), cohort_zone)
    person = UserFactory(time_zone=person_zone)
    get_or_create_settings(person)
    return person, EnrolmentFactory(cohort=cohort, participant=person)


# (cohort zone, participant's zone, first day of week 8, the day the clocks change in between)
DST_CASES = [
    # Berlin springs forward on 29 March: invitation at 08:00 UTC, reminder at 07:00 UTC.
    ("Europe/Berlin", "Europe/Berlin", dt.date(2026, 3, 26)),
    # New York falls back on 1 November; the cohort meets in London, the person lives in NY.
    ("Europe/London", "America/New_York", dt.date(2026, 10, 29)),
]


@pytest.mark.parametrize(("cohort_zone", "person_zone", "week_8"), DST_CASES)
def test_the_invitation_and_one_reminder_go_at_nine_local_across_a_dst_change(
    curriculum: Curriculum, instruments: None, cohort_zone: str, person_zone: str, week_8: dt.date
) -> None:
    last = week_8 + dt.timedelta(days=7)
    with time_machine.travel(utc(person_zone, week_8, dt.time(0)) - TICK, tick=False) as clock:
        person, _ = ended_cohort_person(curriculum, cohort_zone, person_zone, week_8)
        sent: list[tuple[dt.datetime, str]] = []
        for instant in ticks(person_zone, week_8, last):
            clock.move_to(instant)
            before = len(mail.outbox)
            run_tick()
            sent += [(instant, m.subject) for m in mail.outbox[before:] if END in m.subject]

    zone = zoneinfo.ZoneInfo(person_zone)
    # Week 8 began at the cohort's midnight, which is the evening before in New York.
    opens = local_datetime(cohort_zone, week_8, dt.time(0))
    invite_day = opens.astimezone(zone).date()
    if local_datetime(person_zone, invite_day, SEND_AT) < opens:
        invite_day += dt.timedelta(days=1)
    expected_days = [invite_day, invite_day + dt.timedelta(days=5)]
    assert [s.astimezone(zone).date() for s, _ in sent] == expected_days, sent
    for (instant, _), day in zip(sent, expected_days, strict=True):
        assert dt.timedelta(0) <= instant - utc(person_zone, day, SEND_AT) < TICK
    assert sent[0][1].startswith("End of the course: a few short questions")
    assert sent[1][1].startswith("A reminder: End of the course")
    assert Delivery.objects.filter(recipient=person, kind=Kind.OUTCOME_INVITE).count() == 1
    assert Delivery.objects.filter(recipient=person, kind=Kind.OUTCOME_REMINDER).count() == 1
    # The clocks changed between the two: the same wall time is a different UTC hour.
    first, second = (s.astimezone(dt.UTC).time().hour for s, _ in sent)
    assert first != second


def test_an_answer_stops_the_reminder(curriculum: Curriculum, instruments: None) -> None:
    week_8 = dt.date(2026, 6, 4)
    zone = "Europe/London"
    with time_machine.travel(utc(zone, week_8, dt.time(9, 1)), tick=False) as clock:
        _, enrolment = ended_cohort_person(curriculum, zone, zone, week_8)
        run_tick()
        run_tick()  # a second tick in the same minute writes and sends nothing more
        assert len(questionnaire_mail()) == 1
        message = questionnaire_mail()[0]
        assert f"/outcomes/{enrolment.public_id}/end_of_course/" in message.body
        assert "nothing is marked" in message.body
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        answer_everything(enrolment, TimePoint.END_OF_COURSE)
        clock.move_to(utc(zone, week_8 + dt.timedelta(days=5), dt.time(9, 1)))
        run_tick()
    assert len(questionnaire_mail()) == 1
    assert not Delivery.objects.filter(kind=Kind.OUTCOME_REMINDER).exists()


def test_an_answer_given_after_the_row_was_written_is_checked_again_at_send_time(
    curriculum: Curriculum, instruments: None
) -> None:
    week_8 = dt.date(2026, 6, 4)
    zone = "Europe/London"
    with time_machine.travel(utc(zone, week_8, dt.time(9, 1)), tick=False):
        _, enrolment = ended_cohort_person(curriculum, zone, zone, week_8)
        ids = [d.pk for d in Delivery.objects.bulk_create(due_messages(dt.datetime.now(tz=dt.UTC)))]
        assert len(ids) == 1
        answer_everything(enrolment, TimePoint.END_OF_COURSE)
        outcome = deliver_batch(ids)
    assert outcome.skipped == ids
    assert Delivery.objects.get().last_error == "Already answered."
    assert questionnaire_mail() == []


def test_a_draft_still_gets_its_reminder_worded_for_someone_who_started(
    curriculum: Curriculum, instruments: None
) -> None:
    week_8 = dt.date(2026, 6, 4)
    zone = "Europe/London"
    with time_machine.travel(utc(zone, week_8, dt.time(9, 1)), tick=False) as clock:
        _, enrolment = ended_cohort_person(curriculum, zone, zone, week_8)
        run_tick()
        submitted(enrolment, "stress", TimePoint.END_OF_COURSE, [4])  # one of several sets
        clock.move_to(utc(zone, week_8 + dt.timedelta(days=5), dt.time(9, 1)))
        run_tick()
    reminder = questionnaire_mail()[-1]
    assert reminder.subject.startswith("A reminder")
    assert "your answers so far are saved" in reminder.body


def test_turning_questionnaire_mail_off_or_pausing_stops_it(
    curriculum: Curriculum, instruments: None
) -> None:
    week_8 = dt.date(2026, 6, 4)
    zone = "Europe/London"
    with time_machine.travel(utc(zone, week_8, dt.time(9, 1)), tick=False) as clock:
        quiet, _ = ended_cohort_person(curriculum, zone, zone, week_8)
        away, _ = ended_cohort_person(curriculum, zone, zone, week_8)
        prefs = get_or_create_settings(quiet)
        prefs.questionnaire_enabled = False
        prefs.save()
        prefs = get_or_create_settings(away)
        prefs.paused_until = week_8 + dt.timedelta(days=1)
        prefs.save()
        run_tick()
        assert questionnaire_mail() == []
        # The pause is over by the reminder's day; the person who turned it off hears nothing.
        clock.move_to(utc(zone, week_8 + dt.timedelta(days=5), dt.time(9, 1)))
        run_tick()
    assert [m.to for m in questionnaire_mail()] == [[away.email]]


def test_the_unsubscribe_link_turns_both_kinds_off(
    curriculum: Curriculum, instruments: None, client: object
) -> None:
    week_8 = dt.date(2026, 6, 4)
    zone = "Europe/London"
    with time_machine.travel(utc(zone, week_8, dt.time(9, 1)), tick=False):
        person, _ = ended_cohort_person(curriculum, zone, zone, week_8)
        run_tick()
    link = questionnaire_mail()[0].extra_headers["List-Unsubscribe"].strip("<>")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert read_token(token).kind == Kind.OUTCOME_INVITE
    response = client.post(link.replace("http://testserver", ""))  # type: ignore[attr-defined]
    assert response.status_code in (200, 302)
    prefs = get_or_create_settings(person)
    prefs.refresh_from_db()
    assert prefs.questionnaire_enabled is False
    assert not prefs.wants(Kind.OUTCOME_REMINDER)


def test_the_baseline_invitation_goes_the_morning_after_joining_with_a_reminder_before_class_1(
    curriculum: Curriculum, instruments: None
) -> None:
    zone = "Europe/London"
    joined = utc(zone, dt.date(2026, 6, 1), dt.time(14, 0))
    with time_machine.travel(joined, tick=False) as clock:
        cohort = make_cohort(curriculum, dt.date(2026, 6, 8), zone)  # class 1 a week away
        person = UserFactory(time_zone=zone)
        EnrolmentFactory(cohort=cohort, participant=person)
        sent = []
        for instant in ticks(zone, dt.date(2026, 6, 1), dt.date(2026, 6, 9)):
            clock.move_to(instant)
            before = len(mail.outbox)
            run_tick()
            sent += [instant for m in mail.outbox[before:] if "Before the course" in m.subject]
    tz = zoneinfo.ZoneInfo(zone)
    # Invited on the 2nd; five days on would be the 7th, but class 1 is on the 8th, so the
    # reminder comes three days before the close, on the 5th.
    assert [s.astimezone(tz).date() for s in sent] == [dt.date(2026, 6, 2), dt.date(2026, 6, 5)]


def window(zone: str, opens: dt.datetime, closes: dt.datetime) -> Window:
    return Window(TimePoint.END_OF_COURSE, opens, closes)


def test_no_reminder_when_the_window_is_too_short_and_no_invitation_when_it_has_no_morning(
    db: None,
) -> None:
    person = UserFactory(time_zone="Asia/Tokyo")
    zone = "Asia/Tokyo"
    day = dt.date(2026, 6, 1)
    short = window(
        zone, utc(zone, day, dt.time(8)), utc(zone, day + dt.timedelta(days=3), dt.time(0))
    )
    assert invitation_due(person, short) == utc(zone, day, SEND_AT)
    assert reminder_due(person, short) is None
    evening = window(zone, utc(zone, day, dt.time(10)), utc(zone, day, dt.time(20)))
    assert invitation_due(person, evening) is None
    assert reminder_due(person, evening) is None


def test_finding_what_is_due_takes_the_same_queries_for_one_person_or_many(
    curriculum: Curriculum, instruments: None
) -> None:
    week_8 = dt.date(2026, 6, 4)
    zone = "Europe/London"
    now = utc(zone, week_8, dt.time(9, 1))
    with time_machine.travel(now, tick=False):
        ended_cohort_person(curriculum, zone, zone, week_8)
        with CaptureQueriesContext(connection) as one:
            assert len(due_messages(now)) == 1
        cohort = Cohort.objects.get()
        for _ in range(12):
            EnrolmentFactory(cohort=cohort, participant=UserFactory())
        with CaptureQueriesContext(connection) as many:
            assert len(due_messages(now)) == 13
    # Instruments, enrolments with people and settings, outcome settings, class 1, responses.
    assert len(one) == len(many) == 5


def test_a_follow_up_switched_off_for_the_cohort_invites_no_one(
    curriculum: Curriculum, instruments: None
) -> None:
    zone = "Europe/London"
    start = dt.date(2026, 1, 8)
    # Six months on: the window opens 14 days before week 26's date.
    opens = start + dt.timedelta(weeks=26) - dt.timedelta(days=14)
    now = utc(zone, opens, dt.time(9, 1))
    with time_machine.travel(now, tick=False):
        cohort = make_cohort(curriculum, start, zone)
        EnrolmentFactory(cohort=cohort, participant=UserFactory(time_zone=zone))
        assert [(r.kind, r.context["time_point"]) for r in due_messages(now)] == [
            (Kind.OUTCOME_INVITE, TimePoint.FOLLOW_UP_26)
        ]
        CohortOutcomeSettings.objects.create(cohort=cohort, follow_up_26=False)
        assert due_messages(now) == []


def test_the_preferences_page_has_the_switch(client: object, curriculum: Curriculum) -> None:
    person = UserFactory()
    client.force_login(person)  # type: ignore[attr-defined]
    html = client.get(reverse("notifications:preferences")).content.decode()  # type: ignore[attr-defined]
    assert "Questionnaire invitations and reminders" in html
    assert 'name="emails-questionnaire_enabled"' in html
