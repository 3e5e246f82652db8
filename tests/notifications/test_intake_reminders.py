"""Intake reminders: 3 days and 1 day before class 1 at 09:00 local, once each, across DST
changes, never after the intake is sent; and the instructors' digest on the morning of class 1.

The clock is stepped as beat steps it (every two minutes around each due time, hourly elsewhere,
at an arbitrary phase), and every tick runs the real dispatcher and sender.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from course.calendar import local_datetime
from course.models import Cohort, Curriculum, Enrolment
from notifications.due import dispatch_due
from notifications.models import Delivery, Kind, NotificationSettings
from notifications.send import deliver_batch
from outcomes.models import IntakeReview
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.intake import DEPRESSION, load_intake, send_intake
from tests.support.notifications import make_cohort, run_tick

pytestmark = pytest.mark.django_db

TICK = dt.timedelta(minutes=2)
PHASE = dt.timedelta(seconds=41)
SUBJECT = "Before class 1: a few questions for your instructor"
AT = dt.time(9, 0)

# (cohort zone, class 1 date, participant zone): the reminder days straddle a clock change.
CASES = [
    ("Europe/Berlin", dt.date(2026, 10, 27), "Europe/Berlin"),  # clocks back on 25 October
    ("America/New_York", dt.date(2026, 3, 10), "America/New_York"),  # forward on 8 March
    ("Europe/London", dt.date(2026, 3, 31), "America/New_York"),  # each zone changes apart
]


def utc(zone: str, day: dt.date, at: dt.time) -> dt.datetime:
    return local_datetime(zone, day, at).astimezone(dt.UTC)


def due_instants(zone: str, class_one: dt.date) -> list[dt.datetime]:
    return [utc(zone, class_one - dt.timedelta(days=n), AT) for n in (3, 1)]


def tick_instants(
    start: dt.datetime, end: dt.datetime, dues: list[dt.datetime]
) -> list[dt.datetime]:
    instants = set()
    t = start + PHASE
    while t < end:
        instants.add(t)
        t += dt.timedelta(hours=1)
    for due in dues:
        instants.update(due + PHASE + k * TICK for k in range(-10, 11))
    return sorted(i for i in instants if start <= i < end)


def run(
    traveller: time_machine.Coordinates,
    instants: list[dt.datetime],
    before_each: object = None,
) -> list[tuple[dt.datetime, mail.EmailMessage]]:
    sent = []
    for instant in instants:
        traveller.move_to(instant)
        if callable(before_each):
            before_each(instant)
        count = len(mail.outbox)
        run_tick()
        sent += [(instant, m) for m in mail.outbox[count:] if m.subject == SUBJECT]
    return sent


def setup(curriculum: Curriculum, zone: str, class_one: dt.date, own_zone: str) -> Enrolment:
    """Sam joins the cohort now (the travelled-to moment)."""
    load_intake()
    cohort = make_cohort(curriculum, class_one, zone)
    user = UserFactory(time_zone=own_zone, email="sam@example.org")
    return EnrolmentFactory(cohort=cohort, participant=user, joined_at=timezone.now())


@pytest.mark.parametrize(("zone", "class_one", "own_zone"), CASES)
def test_two_reminders_once_each_at_nine_local_through_a_clock_change(
    curriculum: Curriculum, zone: str, class_one: dt.date, own_zone: str
) -> None:
    dues = due_instants(own_zone, class_one)
    start = dues[0] - dt.timedelta(days=1)
    end = utc(zone, class_one, dt.time(23, 0))
    with time_machine.travel(start, tick=False) as traveller:
        enrolment = setup(curriculum, zone, class_one, own_zone)
        sent = run(traveller, tick_instants(start, end, dues))

    assert len(sent) == 2, [i for i, _ in sent]
    tz = zoneinfo.ZoneInfo(own_zone)
    for (instant, message), due in zip(sent, dues, strict=True):
        assert dt.timedelta(0) <= instant - due < TICK, (instant, due)
        assert instant.astimezone(tz).time().hour == 9
        assert message.to == ["sam@example.org"]
    assert "in 3 days" in sent[0][1].body
    assert "tomorrow" in sent[1][1].body
    assert f"/outcomes/{enrolment.public_id}/intake/" in sent[0][1].body
    if own_zone == zone:
        # The change falls between the two: the UTC hour moves, the local one does not.
        assert dues[0].hour != dues[1].hour
    else:
        # Nine in the participant's zone, whatever the hour where the class meets.
        assert sent[0][0].astimezone(zoneinfo.ZoneInfo(zone)).hour != 9
    keys = set(Delivery.objects.filter(kind=Kind.QUESTIONNAIRE).values_list("period", flat=True))
    assert keys == {f"intake:{enrolment.public_id}:3d", f"intake:{enrolment.public_id}:1d"}


def test_answering_stops_the_second_reminder(curriculum: Curriculum) -> None:
    zone, class_one = "Europe/Berlin", dt.date(2026, 10, 27)
    dues = due_instants(zone, class_one)
    start = dues[0] - dt.timedelta(hours=2)
    with time_machine.travel(start, tick=False) as traveller:
        enrolment = setup(curriculum, zone, class_one, zone)
        first = run(traveller, tick_instants(start, dues[0] + dt.timedelta(hours=2), dues[:1]))
        send_intake(enrolment)
        later = run(
            traveller,
            tick_instants(
                dues[1] - dt.timedelta(hours=2), dues[1] + dt.timedelta(hours=3), dues[1:]
            ),
        )
    assert len(first) == 1
    assert later == []


def test_an_answer_between_queueing_and_sending_skips_the_reminder(
    curriculum: Curriculum,
) -> None:
    zone, class_one = "America/New_York", dt.date(2026, 3, 10)
    due = due_instants(zone, class_one)[1]
    with time_machine.travel(due - dt.timedelta(days=2), tick=False) as traveller:
        enrolment = setup(curriculum, zone, class_one, zone)
        traveller.move_to(due + dt.timedelta(seconds=30))
        ids = dispatch_due()
        assert Delivery.objects.filter(pk__in=ids, kind=Kind.QUESTIONNAIRE).count() == 1
        send_intake(enrolment)
        deliver_batch(ids)
    row = Delivery.objects.get(kind=Kind.QUESTIONNAIRE)
    assert row.status == Delivery.Status.SKIPPED
    assert row.last_error == "The intake was already answered."
    assert not [m for m in mail.outbox if m.subject == SUBJECT]


def test_someone_who_joins_after_the_first_reminder_gets_only_the_second(
    curriculum: Curriculum,
) -> None:
    zone, class_one = "Europe/Berlin", dt.date(2026, 10, 27)
    dues = due_instants(zone, class_one)
    joined = dues[0] + dt.timedelta(minutes=20)  # within the hour a late reminder still goes
    with time_machine.travel(joined, tick=False) as traveller:
        setup(curriculum, zone, class_one, zone)
        sent = run(traveller, tick_instants(joined, dues[1] + dt.timedelta(hours=2), dues))
    assert [i for i, _ in sent] == [i for i, _ in sent if i >= dues[1]]
    assert len(sent) == 1


def test_the_reminder_can_be_unsubscribed_and_then_stops(
    client: Client, curriculum: Curriculum
) -> None:
    zone, class_one = "Europe/Berlin", dt.date(2026, 10, 27)
    dues = due_instants(zone, class_one)
    start = dues[0] - dt.timedelta(hours=1)
    with time_machine.travel(start, tick=False) as traveller:
        enrolment = setup(curriculum, zone, class_one, zone)
        (first,) = run(traveller, tick_instants(start, dues[0] + dt.timedelta(hours=1), dues[:1]))
        message = first[1]
        assert "List-Unsubscribe" in message.extra_headers
        link = re.search(r"http://\S+/notifications/unsubscribe/\S+", message.body)
        assert link is not None
        path = link.group(0).split("127.0.0.1:8000", 1)[1]
        assert "Stop the intake reminder" in message.body
        assert client.post(path).status_code == 200
        later = run(
            traveller,
            tick_instants(
                dues[1] - dt.timedelta(hours=1), dues[1] + dt.timedelta(hours=2), dues[1:]
            ),
        )
    assert later == []
    prefs = NotificationSettings.objects.get(user=enrolment.participant)
    assert prefs.questionnaire_enabled is False
    assert prefs.daily_enabled is True  # only this kind stops


def digest_for(instructor: User) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [instructor.email] and "intake" in m.subject]


def test_instructors_get_the_intake_lists_on_the_morning_of_class_1(
    curriculum: Curriculum,
) -> None:
    zone, class_one = "Europe/Berlin", dt.date(2026, 10, 27)
    teacher = UserFactory(email="teacher@example.org", is_instructor=True, time_zone=zone)
    morning = utc(zone, class_one, dt.time(7, 0))
    start = morning - dt.timedelta(hours=3)
    with time_machine.travel(start - dt.timedelta(days=5), tick=False) as traveller:
        load_intake()
        cohort: Cohort = make_cohort(curriculum, class_one, zone, instructors=[teacher])
        quiet = EnrolmentFactory(cohort=cohort, participant=UserFactory(display_name="Quinn"))
        talk = EnrolmentFactory(cohort=cohort, participant=UserFactory(display_name="Tara"))
        done = EnrolmentFactory(cohort=cohort, participant=UserFactory(display_name="Dana"))
        send_intake(talk, yes=(DEPRESSION,))
        send_intake(done)
        for t in tick_instants(start, morning + dt.timedelta(hours=3), [morning]):
            traveller.move_to(t)
            run_tick()
    (digest,) = digest_for(teacher)
    assert "the intake before class 1 today" in digest.subject
    talk_part, unanswered_part = digest.body.split("Not answered yet:")
    assert "- Tara" in talk_part
    assert "- Quinn" in unanswered_part
    assert "Dana" not in digest.body
    assert "not a diagnosis" in digest.body
    assert f"/teach/{cohort.public_id}/intake/" in digest.body
    assert quiet.pk  # named only as not answered


def test_the_week_2_digest_names_who_is_still_to_talk_with_until_a_decision(
    curriculum: Curriculum,
) -> None:
    zone, class_one = "Europe/Berlin", dt.date(2026, 10, 6)
    teacher = UserFactory(email="teacher@example.org", is_instructor=True, time_zone=zone)
    with time_machine.travel(utc(zone, class_one, dt.time(8)), tick=False) as traveller:
        load_intake()
        cohort = make_cohort(curriculum, class_one, zone, instructors=[teacher])
        talk = EnrolmentFactory(cohort=cohort, participant=UserFactory(display_name="Tara"))
        other = EnrolmentFactory(cohort=cohort, participant=UserFactory(display_name="Omar"))
        send_intake(talk, yes=(DEPRESSION,))
        send_intake(other, yes=(DEPRESSION,))
        IntakeReview.objects.create(enrolment=other, author=teacher, decision="go_ahead")
        traveller.move_to(utc(zone, class_one + dt.timedelta(days=7), dt.time(7, 5)))
        run_tick()
    (digest,) = [m for m in mail.outbox if m.to == [teacher.email]]
    assert "Intake, still to talk about: Tara\n" in digest.body


def test_no_intake_digest_or_reminder_where_the_intake_is_not_asked(
    curriculum: Curriculum,
) -> None:
    zone, class_one = "Europe/Berlin", dt.date(2026, 10, 27)
    teacher = UserFactory(email="teacher@example.org", is_instructor=True, time_zone=zone)
    start = due_instants(zone, class_one)[0] - dt.timedelta(hours=1)
    with time_machine.travel(start, tick=False) as traveller:
        cohort = make_cohort(curriculum, class_one, zone, instructors=[teacher])
        EnrolmentFactory(cohort=cohort)
        end = utc(zone, class_one, dt.time(12, 0))
        for t in tick_instants(start, end, [*due_instants(zone, class_one)]):
            traveller.move_to(t)
            run_tick()
    assert not Delivery.objects.filter(kind=Kind.QUESTIONNAIRE).exists()
    assert [m.subject for m in mail.outbox if "intake" in m.subject or m.subject == SUBJECT] == []
    assert mail.outbox  # the ordinary course e-mails still went
