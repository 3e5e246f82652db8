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
        assert "Pat: practice note, body scan of" in part
        assert "Classes held so far: 2 of 8" in part
    # Each line carries the practice numbers from the progress module.
    assert f"Pat: {line}" in message.body
    # Attendance so far, per person: Pat came to one of the two classes held, Robin to none.
    assert "1 of 2 classes attended" in message.body
    assert "0 of 2 classes attended" in message.body
    assert "<td>1 of 2</td>" in html
    # What was shared is listed once per item, with a short excerpt and a link to it.
    page = reverse("teach:participant", args=[cohort.public_id, enrolment.public_id])
    what = f"Pat: practice note, body scan of {log.practised_on.day} {log.practised_on:%B}"
    assert f'{page}#entry-{log.public_id}">{what}</a>: “Restless today”' in html
    assert message.body.count("Pat: practice note") == 1
    assert message.body.startswith("Hello Teacher,")
    # The digest flags exactly what the roster flags for the same people at the same moment.
    from teach.selectors import build_roster

    for row in build_roster(cohort, now=due):
        if row.flags:
            assert f"[{'; '.join(row.flags)}]" in message.body
    assert "May need a word: Pat, Robin" in message.body
    assert "Missed the last class" in message.body  # Pat was absent from class 2
    assert "Below 50% adherence two weeks running" in message.body  # Robin logged nothing
    assert "you teach this cohort" in message.body


def test_the_digest_lists_each_shared_item_and_reply_once_and_greets_by_name(
    enrolment: Enrolment, cohort: Cohort, instructor: User
) -> None:
    from course.models import CalendarKind
    from homework.models import CalendarEntry, Message
    from teach.actions import comment_and_tell

    instructor.display_name = "Maya (instructor)"
    instructor.save()
    session = cohort.sessions.get(kind="week", number=3)
    due = digest_due(session)
    with time_machine.travel(due - dt.timedelta(days=2), tick=False):
        entries = [
            CalendarEntry.objects.create(
                enrolment=enrolment,
                kind=CalendarKind.PLEASANT,
                occurred_on=cohort.start_date + dt.timedelta(days=7 + n),
                event=f"moment number {n}",
                shared_with_instructors=True,
            )
            for n in range(3)
        ]
        comment = comment_and_tell(entries[0], instructor, "Lovely.")
        Message.objects.create(
            enrolment=enrolment,
            author=enrolment.participant,
            from_participant=True,
            comment=comment,
            text="Thank you, it was a good day.",
        )
    with time_machine.travel(due + dt.timedelta(seconds=20), tick=False):
        run_tick()
    (message,) = messages_with_subject("before class 3")
    body, html = message.body, message.alternatives[0][0]
    assert body.startswith("Hello Maya,\n")
    assert "<p>Hello Maya,</p>" in html
    page = reverse("teach:participant", args=[cohort.public_id, enrolment.public_id])
    for n, entry in enumerate(entries):
        assert body.count(f"“moment number {n}”") == 1
        assert html.count(f"{page}#entry-{entry.public_id}") == 1
    assert body.count("Pat: pleasant") == 3
    assert "Replies to you:" in body
    assert "Pat: a reply to your comment: “Thank you, it was a good day.”" in body
    assert f"{page}#comment-{comment.public_id}" in html
