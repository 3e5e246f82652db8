"""Conversations in bulk, for the tests that count a page's queries as threads grow."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from course.models import Enrolment, Practice
from homework.models import Message, PracticeLog
from teach.actions import comment_and_tell, message_and_tell


def add_threads(enrolment: Enrolment, instructor: User, count: int) -> None:
    """`count` of each: a shared log with a comment and the participant's reply under it, and a
    private message with the participant's answer."""
    practice = Practice.objects.get(slug="body-scan")
    for n in range(count):
        log = PracticeLog.objects.create(
            enrolment=enrolment,
            practice=practice,
            practised_on=enrolment.cohort.start_date + dt.timedelta(days=n % 14),
            minutes=10,
            shared_with_instructors=True,
        )
        comment = comment_and_tell(log, instructor, f"Comment {n}")
        Message.objects.create(
            enrolment=enrolment,
            author=enrolment.participant,
            from_participant=True,
            comment=comment,
            text=f"Reply {n}",
        )
        thread = message_and_tell(enrolment, instructor, f"Message {n}")
        Message.objects.create(
            enrolment=enrolment,
            author=enrolment.participant,
            from_participant=True,
            thread=thread,
            text=f"Answer {n}",
        )
