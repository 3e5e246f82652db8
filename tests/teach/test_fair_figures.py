"""Issue 9's defects, one test each: figures that agree, are fair mid-week and follow their rules.

Each pins a behaviour the code before commit 3603044 got wrong; the comment on each says what
it used to show.
"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.actions import create_cohort, record_attendance
from course.models import ClassSession, Cohort, Curriculum, Enrolment, WeekKind
from homework.progress import course_progress
from notifications.due import daily_due, digest_due, get_or_create_settings, summary_due
from notifications.models import Delivery, Kind
from teach.selectors import build_roster
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.mail import deliver_queued_mail
from tests.support.notifications import log_practice, messages_with_subject, run_tick

pytestmark = pytest.mark.django_db


def day(cohort: Cohort, week: int, offset: int) -> dt.date:
    return cohort.start_date + dt.timedelta(days=7 * (week - 1) + offset)


def noon(cohort: Cohort, on: dt.date) -> dt.datetime:
    return dt.datetime.combine(on, dt.time(12), tzinfo=cohort.zone)


def test_1_completers_keep_their_week_8_reminders_and_final_summary(
    curriculum: Curriculum, instructor: User
) -> None:
    # Before: class 8's attendance made them "completed" and the e-mails stopped a week early.
    cohort = create_cohort(
        curriculum=curriculum,
        title="Finishing",
        start_date=dt.date(2026, 3, 2),
        time_zone="Europe/London",
        instructors=[instructor],
        completion_threshold=1,
    )
    pat = UserFactory(email="pat@example.org", time_zone="Europe/London")
    enrolment = EnrolmentFactory(cohort=cohort, participant=pat)
    class8 = cohort.sessions.get(kind=WeekKind.WEEK, number=8)
    with time_machine.travel(class8.ends_at, tick=False):
        record_attendance(class8, {enrolment.pk: "present"}, instructor)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    third_day = day(cohort, 8, 2)
    prefs = get_or_create_settings(pat)
    prefs.next_daily_at = daily_due(pat, third_day)
    prefs.save()
    with time_machine.travel(daily_due(pat, third_day) + dt.timedelta(seconds=30), tick=False):
        run_tick()
    assert Delivery.objects.filter(
        recipient=pat, kind=Kind.DAILY, period=third_day.isoformat(), status="sent"
    ).exists()
    with time_machine.travel(
        summary_due(cohort, 8, pat.time_zone) + dt.timedelta(minutes=1), tick=False
    ):
        run_tick()
    assert messages_with_subject("week 8 in review")


def test_2_informal_practice_is_not_counted_as_formal(enrolment: Enrolment, cohort: Cohort) -> None:
    # Before: a 3-minute breathing space made a six-day week "7 days · 273 min".
    for offset in range(6):
        log_practice(enrolment, day(cohort, 1, offset), 45)
    log_practice(enrolment, day(cohort, 1, 6), 3, slug="breathing-space")
    week = course_progress([enrolment])[enrolment.pk].weeks[1]
    assert (week.days_practised, week.minutes) == (6, 270)
    assert week.summary == "6 of 6 days · 270 of 270 min"
    assert course_progress([enrolment])[enrolment.pk].daily_minutes.get(day(cohort, 1, 6)) is None


def test_3_the_digest_sees_a_missed_class_behind_a_cancelled_one(
    enrolment: Enrolment, cohort: Cohort, instructor: User
) -> None:
    # Before: it looked up class N-1 (cancelled, so unmarked) and missed the absence at N-2.
    record_attendance(
        cohort.sessions.get(kind="week", number=1), {enrolment.pk: "present"}, instructor
    )
    record_attendance(
        cohort.sessions.get(kind="week", number=2), {enrolment.pk: "absent"}, instructor
    )
    cohort.sessions.filter(kind="week", number=3).update(is_cancelled=True)
    for offset in range(7):
        log_practice(enrolment, day(cohort, 3, offset), 45)
    session = cohort.sessions.get(kind="week", number=4)
    with time_machine.travel(digest_due(session) + dt.timedelta(seconds=30), tick=False):
        run_tick()
    (digest,) = messages_with_subject("before class 4")
    assert "Missed the last class" in digest.body


def test_4_a_late_joiner_is_not_flagged_for_weeks_before_they_joined(
    cohort: Cohort, participant: User
) -> None:
    # Before: weeks 1-2 counted as 0 %, so someone who joined in week 3 was "below 50 %".
    enrolment = Enrolment.objects.get(participant=participant)
    enrolment.joined_at = noon(cohort, day(cohort, 2, 6))  # the last day of week 2
    enrolment.save()
    for offset in range(2):
        log_practice(enrolment, day(cohort, 3, offset), 45)
    (row,) = build_roster(cohort, noon(cohort, day(cohort, 3, 2)))
    assert not any("adherence" in flag for flag in row.flags), row.flags
    assert row.weeks[0].standing == "not-enrolled"
    assert row.weeks[0].level == "none"


def test_5_on_the_second_day_of_a_week_it_is_on_pace_not_failed(
    client: Client, instructor: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    # Before: everyone was red on day two, and the teaching home said "median adherence 8 %".
    for week in (1, 2):
        for offset in range(6):
            log_practice(enrolment, day(cohort, week, offset), 45)
    log_practice(enrolment, day(cohort, 3, 0), 45)
    second_day = noon(cohort, day(cohort, 3, 1))
    with time_machine.travel(second_day, tick=False):
        (row,) = build_roster(cohort)
        current = row.weeks[2]
        assert (current.standing, current.level, current.pace.short) == (
            "running",
            "current",
            "on pace",
        )
        client.force_login(instructor)
        home = client.get(reverse("teach:home")).content.decode()
        assert "Week 2 median adherence" in home
        # Week 2 asks 45 min of body scan and 10 of sitting, 6 days each: 270 of 330 minutes.
        assert "<dd>82%</dd>" in home
        client.force_login(enrolment.participant)
        dashboard = client.get(reverse("home")).content.decode()
    assert "On pace: 1 of 6 days so far, 6 days left" in dashboard
    assert "on track in <strong>2 of 2 finished weeks</strong>" in dashboard


def test_6a_day_counts_never_read_more_than_asked(enrolment: Enrolment, cohort: Cohort) -> None:
    # Before: "7 of 6 days".
    for offset in range(7):
        log_practice(enrolment, day(cohort, 1, offset), 45)
    week = course_progress([enrolment])[enrolment.pk].weeks[1]
    assert week.summary == "6 of 6 days (+1) · 315 of 270 min"
    assert week.days_short == "6/6 d +1"


def test_6b_on_track_for_the_participant_is_never_red_for_the_teacher(
    enrolment: Enrolment, cohort: Cohort
) -> None:
    # Before: six days of 21 minutes were "on track" for Pat and red at 47 % on the roster.
    for offset in range(6):
        log_practice(enrolment, day(cohort, 1, offset), 21)
    course = course_progress([enrolment], today=day(cohort, 3, 1))[enrolment.pk]
    week = course.weeks[1]
    assert week.level == "low"
    assert not week.on_track
    assert course.weeks_on_track(up_to=8) == 0


def test_6c_a_digest_for_a_class_that_moved_is_not_sent_as_today(
    enrolment: Enrolment, cohort: Cohort, instructor: User
) -> None:
    # Before: "Class 4 ... is today" when it was six days away, and "nothing logged for 7 days".
    session = cohort.sessions.get(kind="week", number=4)
    due = digest_due(session)
    with time_machine.travel(due + dt.timedelta(seconds=10), tick=False):
        from notifications.due import dispatch_digests

        (row_id,) = dispatch_digests(dt.datetime.now(dt.UTC))
        ClassSession.objects.filter(pk=session.pk).update(
            starts_at=session.starts_at + dt.timedelta(days=6), sequence=1
        )
        run_tick()
        from notifications.send import deliver_batch

        deliver_batch([row_id])
    assert not messages_with_subject("before class 4")
    assert Delivery.objects.get(pk=row_id).status == "skipped"
    session.refresh_from_db()
    with time_machine.travel(digest_due(session) + dt.timedelta(seconds=10), tick=False):
        run_tick()
    (digest,) = messages_with_subject("before class 4")
    assert "is today" in digest.body


def test_6d_the_summary_names_targets_as_participants_see_them(
    enrolment: Enrolment, cohort: Cohort
) -> None:
    # Before: "Body scan: 45 min" where the app says "Body scan or lying-down mindful yoga".
    with time_machine.travel(summary_due(cohort, 3) + dt.timedelta(minutes=1), tick=False):
        run_tick()
    (summary,) = messages_with_subject("week 3 in review")
    assert "Body scan or lying-down mindful yoga: 45 min a day" in summary.body


def test_7_a_summary_waits_for_the_end_of_the_participants_own_week(
    curriculum: Curriculum, instructor: User
) -> None:
    # Before: 07:00 in London is 23:00 on Sunday in Los Angeles, and Sunday's practice was lost.
    cohort = create_cohort(
        curriculum=curriculum,
        title="London evenings",
        start_date=dt.date(2026, 3, 2),
        time_zone="Europe/London",
        instructors=[instructor],
    )
    lee = UserFactory(email="lee@example.org", time_zone="America/Los_Angeles")
    enrolment = EnrolmentFactory(cohort=cohort, participant=lee)
    for offset in range(7):
        log_practice(enrolment, day(cohort, 1, offset), 30)
    with time_machine.travel(summary_due(cohort, 1) + dt.timedelta(minutes=1), tick=False):
        run_tick()
    assert not messages_with_subject("week 1 in review")
    own = summary_due(cohort, 1, lee.time_zone)
    # Los Angeles is on summer time from 8 March 2026, London not yet: 7 hours behind.
    assert own - summary_due(cohort, 1) == dt.timedelta(hours=7)
    with time_machine.travel(own + dt.timedelta(minutes=1), tick=False):
        run_tick()
    (summary,) = messages_with_subject("week 1 in review")
    assert "210 minutes" in summary.body


def test_8_an_empty_day_of_mindfulness_is_still_planned(
    client: Client, curriculum: Curriculum, instructor: User
) -> None:
    # Before: no session was made, and participants saw a link to a page with no date.
    cohort = create_cohort(
        curriculum=curriculum,
        title="No date given",
        start_date=dt.date(2026, 3, 2),  # a Monday
        time_zone="Europe/London",
        instructors=[instructor],
    )
    retreat = cohort.sessions.get(kind=WeekKind.RETREAT)
    assert retreat.starts_at.astimezone(cohort.zone).date() == dt.date(
        2026, 4, 11
    )  # the Saturday after class 6
    retreat.delete()
    client.force_login(instructor)
    url = reverse("teach:schedule", args=[cohort.public_id])
    assert "Add a session" in client.get(url).content.decode()
    response = client.post(url, {"add-kind": "retreat", "add-day": "2026-04-12", "add-at": "09:30"})
    assert response.status_code == 302
    assert cohort.sessions.get(kind=WeekKind.RETREAT).starts_at.astimezone(
        cohort.zone
    ).date() == dt.date(2026, 4, 12)
    refused = client.post(
        url, {"add-kind": "orientation", "add-day": "2026-05-01", "add-at": "18:00"}
    )
    # Orientation exists already, so it is not offered; nothing is added.
    assert refused.status_code == 400
    assert cohort.sessions.filter(kind=WeekKind.ORIENTATION).count() == 1


def _ics(message: mail.EmailMessage) -> icalendar.Calendar:
    ((_, content, mimetype),) = message.attachments
    calendar = icalendar.Calendar.from_ical(content)
    assert mimetype == f"text/calendar; method={calendar['METHOD']}"
    event = calendar.walk("VEVENT")[0]
    # RFC 5546: an organizer, and the one person it was sent to.
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert str(event["ATTENDEE"]) == f"mailto:{message.to[0]}"
    return icalendar.Calendar.from_ical(content)


def test_9_a_moved_class_updates_and_a_cancelled_one_cancels_the_calendar_entry(
    client: Client, instructor: User, enrolment: Enrolment, cohort: Cohort
) -> None:
    # Before: no SEQUENCE, no update when a class moved, no METHOD:CANCEL.
    session = cohort.sessions.get(kind="week", number=4)
    from notifications.due import class_reminder_due

    with time_machine.travel(class_reminder_due(session) + dt.timedelta(seconds=10), tick=False):
        run_tick()
        (reminder,) = messages_with_subject("Class 4")
        first = _ics(reminder).walk("VEVENT")[0]
        client.force_login(instructor)
        url = reverse("teach:schedule", args=[cohort.public_id])
        local = session.starts_at.astimezone(cohort.zone)
        prefix = f"s-{session.public_id}"
        client.post(
            url,
            {
                "session": str(session.public_id),
                f"{prefix}-day": (local.date() + dt.timedelta(days=1)).isoformat(),
                f"{prefix}-at": "19:00",
                f"{prefix}-note": "",
            },
        )
        deliver_queued_mail()  # what a worker does with the update queued on commit
        (moved,) = messages_with_subject("Moved: Class 4")
        update = _ics(moved)
        event = update.walk("VEVENT")[0]
        assert str(update["METHOD"]) == "REQUEST"
        assert event["UID"] == first["UID"]
        assert int(event["SEQUENCE"]) > int(first["SEQUENCE"])
        assert event.decoded("dtstart").astimezone(cohort.zone).hour == 19
        assert update.walk("VTIMEZONE")
        client.post(
            url,
            {
                "session": str(session.public_id),
                f"{prefix}-day": (local.date() + dt.timedelta(days=1)).isoformat(),
                f"{prefix}-at": "19:00",
                f"{prefix}-is_cancelled": "on",
                f"{prefix}-note": "Snow",
            },
        )
        deliver_queued_mail()
    (cancelled,) = messages_with_subject("Cancelled: Class 4")
    cancel = _ics(cancelled)
    event = cancel.walk("VEVENT")[0]
    assert str(cancel["METHOD"]) == "CANCEL"
    assert event["UID"] == first["UID"]
    assert int(event["SEQUENCE"]) == int(first["SEQUENCE"]) + 2
