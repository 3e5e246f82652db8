"""Class reminders: the day before, at the class's local time, with the details and an .ics."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from accounts.models import User
from course.models import Cohort, Curriculum, Enrolment
from notifications.due import class_reminder_due
from tests.support.notifications import make_cohort, messages_with_subject, run_tick

pytestmark = pytest.mark.django_db


def test_the_reminder_goes_the_day_before_with_time_place_and_a_calendar_file(
    enrolment: Enrolment, cohort: Cohort
) -> None:
    cohort.location = "Friends Meeting House, Room 2"
    cohort.save()
    session = cohort.sessions.get(kind="week", number=3)
    due = class_reminder_due(session)
    assert session.starts_at - due == dt.timedelta(days=1)  # no clock change that week
    with time_machine.travel(due - dt.timedelta(minutes=1), tick=False) as traveller:
        run_tick()
        assert not messages_with_subject("Tomorrow")
        traveller.move_to(due + dt.timedelta(seconds=40))
        run_tick()
        traveller.shift(dt.timedelta(minutes=2))
        run_tick()
    (message,) = messages_with_subject("Tomorrow: Class 3")
    assert message.to == ["pat@example.org"]
    for part in (message.body, message.alternatives[0][0]):
        assert "18:30" in part
        assert "Friends Meeting House, Room 2" in part
        assert "mat or blanket" in part
    ((filename, ics, mimetype),) = message.attachments
    # A mail client offers to add it only when the part names its method (RFC 6047).
    assert (filename, mimetype) == ("class.ics", "text/calendar; method=REQUEST")
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert event.decoded("dtstart") == session.starts_at
    assert str(event["dtstart"].params["TZID"]) == cohort.time_zone  # with its VTIMEZONE
    assert f"UID:{session.public_id}@" in ics
    assert "LOCATION:Friends Meeting House\\, Room 2" in ics
    assert ics.startswith("BEGIN:VCALENDAR\r\n")
    assert ics.endswith("END:VCALENDAR\r\n")


def test_someone_in_another_zone_also_sees_the_time_where_they_are(
    enrolment: Enrolment, cohort: Cohort
) -> None:
    User.objects.filter(pk=enrolment.participant_id).update(time_zone="America/New_York")
    session = cohort.sessions.get(kind="week", number=3)
    with time_machine.travel(class_reminder_due(session) + dt.timedelta(seconds=5), tick=False):
        run_tick()
    (message,) = messages_with_subject("Tomorrow")
    assert "where you are" in message.body
    assert "13:30" in message.body  # 18:30 in London is 13:30 in New York


def test_no_reminder_for_a_cancelled_class(enrolment: Enrolment, cohort: Cohort) -> None:
    session = cohort.sessions.get(kind="week", number=3)
    session.is_cancelled = True
    session.save()
    with time_machine.travel(class_reminder_due(session) + dt.timedelta(seconds=5), tick=False):
        run_tick()
    assert not messages_with_subject("Tomorrow")


@override_settings(NOTIFICATIONS_CLASS_REMINDER_LEAD_DAYS=2)
def test_the_lead_is_configurable_in_local_days(enrolment: Enrolment, cohort: Cohort) -> None:
    session = cohort.sessions.get(kind="week", number=3)
    assert session.starts_at - class_reminder_due(session) == dt.timedelta(days=2)


def test_the_lead_follows_the_wall_clock_across_a_dst_change(curriculum: Curriculum) -> None:
    # Berlin springs forward early on Sunday 29 March 2026: a Sunday class at 18:30 is
    # reminded at 18:30 on the Saturday, which is 23 hours earlier, not 24.
    cohort = make_cohort(curriculum, dt.date(2026, 3, 15), "Europe/Berlin")
    session = cohort.sessions.get(kind="week", number=3)
    due = class_reminder_due(session)
    assert session.starts_at - due == dt.timedelta(hours=23)
    assert mail.outbox == []


@override_settings(NOTIFICATIONS_CLASS_REMINDER_LEAD_DAYS=2)
def test_with_a_longer_lead_the_subject_names_the_day_not_tomorrow(
    enrolment: Enrolment, cohort: Cohort
) -> None:
    cohort.title = "Tuesday's group & friends"
    cohort.save()
    session = cohort.sessions.get(kind="week", number=3)
    with time_machine.travel(class_reminder_due(session) + dt.timedelta(seconds=30), tick=False):
        run_tick()
    (message,) = mail.outbox
    weekday = session.starts_at.astimezone(cohort.zone).strftime("%A")
    assert message.subject.startswith(f"On {weekday}: Class 3")
    assert "&amp;" not in message.body


def test_the_digest_subject_is_plain_text(
    enrolment: Enrolment, cohort: Cohort, instructor: User
) -> None:
    from notifications.due import digest_due

    cohort.title = "Tuesday's group & friends"
    cohort.save()
    session = cohort.sessions.get(kind="week", number=3)
    with time_machine.travel(digest_due(session) + dt.timedelta(seconds=30), tick=False):
        run_tick()
    (digest,) = messages_with_subject("before class 3")
    assert digest.subject == "Tuesday's group & friends: before class 3 today"


def test_a_pause_counts_in_the_participants_own_days(
    enrolment: Enrolment, cohort: Cohort, participant: User
) -> None:
    from notifications.due import get_or_create_settings

    # Class 3 at 18:30 in London is already the next morning in Auckland: a pause that ends
    # on the London date of the class does not cover the participant's own date of it.
    participant.time_zone = "Pacific/Auckland"
    participant.save()
    session = cohort.sessions.get(kind="week", number=3)
    london_day = session.starts_at.astimezone(cohort.zone).date()
    prefs = get_or_create_settings(participant)
    prefs.paused_until = london_day
    prefs.save()
    with time_machine.travel(class_reminder_due(session) + dt.timedelta(seconds=30), tick=False):
        run_tick()
    assert len(messages_with_subject("Class 3")) == 1
