"""Writes on a participant's homework that need more than `form.save()`, and instructors'
comments on what a participant shared."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from course import freshness
from course.calendar import course_week
from course.models import Enrolment, Reading
from homework.forms import CheckInForm, PracticeLogForm
from homework.models import (
    CalendarEntry,
    CheckIn,
    InstructorComment,
    Message,
    PracticeLog,
    ReadingDone,
)


def find_resubmission(enrolment: Enrolment, token: str | None) -> PracticeLog | None:
    """The log a form with this token already created (a double click or a re-sent form)."""
    try:
        parsed = uuid.UUID(str(token))
    except ValueError:
        return None
    return PracticeLog.objects.filter(enrolment=enrolment, submission_token=parsed).first()


def record_practice(enrolment: Enrolment, form: PracticeLogForm) -> tuple[PracticeLog, bool]:
    """Save a new log; returns (log, created). A racing twin of the same form is not saved twice."""
    log = form.save(commit=False)
    log.enrolment = enrolment
    log.submission_token = form.cleaned_data.get("submission_token")
    try:
        with transaction.atomic():
            log.save()
    except IntegrityError:
        twin = find_resubmission(enrolment, str(log.submission_token))
        if twin is None:
            raise
        return twin, False
    return log, True


def save_check_in(enrolment: Enrolment, form: CheckInForm) -> CheckIn:
    """One check-in per local day: a second one for the same day replaces the first."""
    data = form.cleaned_data
    check_in, _ = CheckIn.objects.update_or_create(
        enrolment=enrolment,
        day=data["day"],
        defaults={
            "pain": data["pain"],
            "stress": data["stress"],
            "sleep_quality": data.get("sleep_quality"),
            "note": data.get("note", ""),
            "shared_with_instructors": data.get("shared_with_instructors", False),
        },
    )
    return check_in


def set_reading_done(enrolment: Enrolment, reading: Reading, done: bool) -> None:
    if done:
        ReadingDone.objects.get_or_create(enrolment=enrolment, reading=reading)
    else:
        ReadingDone.objects.filter(enrolment=enrolment, reading=reading).delete()


# --- Instructors' comments ---------------------------------------------------------------------

Entry = PracticeLog | CalendarEntry | CheckIn


def entry_day(entry: Entry) -> dt.date:
    if isinstance(entry, PracticeLog):
        return entry.practised_on
    if isinstance(entry, CalendarEntry):
        return entry.occurred_on
    return entry.day


class NotShared(Exception):
    """Instructors may only comment on what the participant shared."""


def add_comment(entry: Entry, author: User, text: str) -> InstructorComment:
    if not entry.shared_with_instructors:
        raise NotShared
    enrolment = entry.enrolment
    week = course_week(enrolment.cohort, entry_day(entry)) or None
    field = {PracticeLog: "practice_log", CalendarEntry: "calendar_entry", CheckIn: "check_in"}[
        type(entry)
    ]
    return InstructorComment.objects.create(
        enrolment=enrolment, week=week, author=author, text=text.strip(), **{field: entry}
    )


# --- Conversations: private messages, replies, and reading them ----------------------------


class EmptyMessage(Exception):
    """A message needs some words."""


def _words(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise EmptyMessage
    return text[: Message.MAX_LENGTH]


def send_message(enrolment: Enrolment, author: User, text: str) -> Message:
    """An instructor's private message to one participant: the first post of a new thread."""
    return Message.objects.create(enrolment=enrolment, author=author, text=_words(text))


def reply(
    enrolment: Enrolment,
    author: User,
    text: str,
    *,
    comment: InstructorComment | None = None,
    thread: Message | None = None,
) -> Message:
    """A reply in a comment's thread or a message's thread, by the participant or an instructor.

    The thread must belong to `enrolment`; the reply is the participant's when `author` is the
    enrolment's participant.
    """
    if (comment is None) == (thread is None):
        raise ValueError("A reply belongs to exactly one thread.")
    root = comment or thread
    assert root is not None  # noqa: S101 - narrows the type
    if root.enrolment_id != enrolment.pk:
        raise ValueError("That thread belongs to someone else.")
    return Message.objects.create(
        enrolment=enrolment,
        author=author,
        from_participant=author.pk == enrolment.participant_id,
        comment=comment,
        thread=thread,
        text=_words(text),
    )


def read_comments_of_week(enrolment: Enrolment, week: int) -> int:
    """The participant opened that week's page: its comments are no longer new."""
    read = InstructorComment.objects.filter(enrolment=enrolment, week=week, read_at=None).update(
        read_at=timezone.now()
    )
    if read:
        freshness.enrolments_changed([enrolment.pk])  # update() sends no signals
    return read


def read_thread(root: InstructorComment | Message) -> None:
    """The participant opened or dismissed a thread: it and instructors' replies in it are read."""
    now = timezone.now()
    root.mark_read(now)
    replies = Message.objects.filter(from_participant=False, read_at=None)
    if isinstance(root, InstructorComment):
        replies.filter(comment=root).update(read_at=now)
    else:
        replies.filter(thread=root).update(read_at=now)
    freshness.enrolments_changed([root.enrolment_id])  # update() sends no signals
