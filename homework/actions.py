"""Writes on a participant's homework that need more than `form.save()`, and instructors'
comments on what a participant shared."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction

from accounts.models import User
from course.calendar import course_week
from course.models import Enrolment, Reading
from homework.forms import CheckInForm, PracticeLogForm
from homework.models import CalendarEntry, CheckIn, InstructorComment, PracticeLog, ReadingDone


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
