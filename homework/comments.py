"""Instructors' comments on entries a participant chose to share."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from accounts.models import User
from course.calendar import course_week
from course.models import Enrolment
from homework.models import CalendarEntry, CheckIn, InstructorComment, PracticeLog

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


def comments_for(enrolment: Enrolment, week: int) -> QuerySet[InstructorComment]:
    """Comments on this participant's shared entries of one course week (one query).

    For the participant's week page: `{% include "homework/_comments.html" %}` with `comments`
    set to this. Comments on entries later made private again are left out.
    """
    return (
        InstructorComment.objects.filter(enrolment=enrolment, week=week)
        .exclude(practice_log__shared_with_instructors=False)
        .exclude(calendar_entry__shared_with_instructors=False)
        .exclude(check_in__shared_with_instructors=False)
        .select_related("author", "practice_log__practice", "calendar_entry", "check_in")
        .order_by("created_at")
    )
