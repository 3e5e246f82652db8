"""Homework writes replace the writer's enrolment token (course/freshness.py), so the roster,
the exports and the instructor pages recompute that person's cached figures on the next view.

Connected in HomeworkConfig.ready(): every save and delete of a log, check-in, calendar entry,
reading marked done, instructor comment or message (a private message, or a reply under a
comment or a message: the instructor's page about the person keeps the comment threads in its
cached fragments, teach/participant_page.py), whichever path made it (forms, admin, cascades).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from course import freshness
from homework.models import (
    CalendarEntry,
    CheckIn,
    InstructorComment,
    Message,
    PracticeLog,
    ReadingDone,
)


def _entry(sender: Any, instance: Any, **kwargs: Any) -> None:
    freshness.enrolments_changed([instance.enrolment_id])


def connect() -> None:
    for model in (PracticeLog, CheckIn, CalendarEntry, ReadingDone, InstructorComment, Message):
        for signal in (post_save, post_delete):
            signal.connect(_entry, sender=model, dispatch_uid=f"fresh-{model.__name__}")
