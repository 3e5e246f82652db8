"""The instructor digest on class mornings: last week's adherence, flags and shared entries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from course.actions import record_attendance
from course.models import Cohort, Enrolment
from homework.models import PracticeLog
from homework.progress import week_progress
from notifications.due import digest_due
from tests.support.notifications import log_practice, messages_with_subject, run_tick

pytestmark = pytest.mark.django_db


def test_the_digest_reaches_the_instructor_the_morning_of_the_class(
    enrolment: Enrolment, cohort: Cohort, second_participant: User, instructor: User
) -> None:
    session = cohort.sessions.get(kind="week", number=3)
    for offset in range(6):
        log_practice(enrolment, cohort.start_date + dt.timedelta(days=7 + offset), 45)
    log = PracticeLog.objects.filter(enrolment=enrolment).first()
    record_attendance(
        cohort.sessions.get(kind="week", number=1), {enrolment.pk: "present"}, instructor
    )
    record_attendance(
        cohort.sessions.get(kind="week", number=2), {enrolment.pk: "absent"}, instructor
    )
    due = digest_due(session)
    with time_machine.travel(due - dt.timedelta(minutes=1), tick=False) as traveller:
        log.shared_with_instructors = True
        log.note = "Restless today"
        log.save()
        run_tick()
        assert not messages_with_subject("before class 3")
        traveller.move_to(due + dt.timedelta(seconds=20))
        run_tick()
    (message,) = messages_with_subject("before class 3")
    assert message.to == [instructor.email]
    week = week_progress([enrolment], 2)[enrolment.pk]
    line = (
        f"{week.days_practised} of {week.target_days} days · {week.minutes} of "
        f"{week.target_minutes} min"
    )
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert line in part
        assert "Pat shared a practice note" in part
        assert "Classes held so far: 2 of 8" in part
    # Each line carries the practice numbers from the progress module.
    assert f"Pat: {line}" in message.body
    # Attendance so far, per person: Pat came to one of the two classes held, Robin to none.
    assert "1 of 2 classes attended" in message.body
    assert "0 of 2 classes attended" in message.body
    assert "<td>1 of 2</td>" in html
    # What was shared is listed once per person, with a link to their page.
    page = reverse("teach:participant", args=[cohort.public_id, enrolment.public_id])
    assert f'{page}">Pat shared a practice note</a>' in html
    assert message.body.count("Pat shared") == 1
    # The digest flags exactly what the roster flags for the same people at the same moment.
    from teach.selectors import build_roster

    for row in build_roster(cohort, now=due):
        if row.flags:
            assert f"[{'; '.join(row.flags)}]" in message.body
    assert "May need a word: Pat, Robin" in message.body
    assert "Missed the last class" in message.body  # Pat was absent from class 2
    assert "Below 50% adherence two weeks running" in message.body  # Robin logged nothing
    assert "you teach this cohort" in message.body
