"""A participant with a row in every table that holds personal data, for export and erasure."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.access_log import record_access
from accounts.consent import give_consent
from accounts.models import AccessRecord, User
from course.models import Attendance, Enrolment, Invitation, Reading
from homework.models import (
    CalendarEntry,
    CheckIn,
    InstructorComment,
    Message,
    PracticeLog,
    ReadingDone,
)
from notifications.due import get_or_create_settings
from notifications.models import Delivery
from outcomes.models import Answer, Instrument, Item, Response


def secret_words(user: User) -> list[str]:
    """Free text written by or about `user` (each contains their name, so scans find it)."""
    tag = user.display_name
    return [
        f"{tag} felt the breath settle",
        f"{tag} noticed warm tea",
        f"{tag} tight shoulders",
        f"{tag} slept badly",
        f"{tag} hopes to sleep better",
        f"A kind word for {tag}",
        f"{tag} wrote back privately",
        f"A private question for {tag}",
    ]


def seed_personal_data(user: User, instructor: User) -> Enrolment:
    """Rows in every table for `user` (enrolled already); returns their enrolment."""
    enrolment = Enrolment.objects.get(participant=user)
    cohort = enrolment.cohort
    words = secret_words(user)
    EmailAddress.objects.get_or_create(user=user, email=user.email, verified=True, primary=True)
    get_or_create_settings(user)
    practice = cohort.assignments.first().practice
    logs = [
        PracticeLog.objects.create(
            enrolment=enrolment,
            practice=practice,
            practised_on=cohort.start_date + dt.timedelta(days=n),
            minutes=20 + n,
            note=words[0] if n == 0 else "",
            shared_with_instructors=True,
        )
        for n in range(3)
    ]
    CalendarEntry.objects.create(
        enrolment=enrolment,
        kind="pleasant",
        occurred_on=cohort.start_date,
        event=words[1],
        body=words[2],
        shared_with_instructors=True,
    )
    check_in = CheckIn.objects.create(
        enrolment=enrolment, day=cohort.start_date, pain=4, stress=6, note=words[3]
    )
    CheckIn.objects.create(
        enrolment=enrolment,
        day=cohort.start_date + dt.timedelta(days=1),
        pain=3,
        stress=5,
    )
    ReadingDone.objects.create(enrolment=enrolment, reading=Reading.objects.first())
    Attendance.objects.create(
        session=cohort.sessions.order_by("starts_at").first(),
        enrolment=enrolment,
        status="present",
        recorded_by=instructor,
    )
    InstructorComment.objects.create(
        enrolment=enrolment, week=1, author=instructor, practice_log=logs[0], text=words[5]
    )
    InstructorComment.objects.create(
        enrolment=enrolment, week=1, author=instructor, check_in=check_in, text="Well noticed."
    )
    thread = Message.objects.create(enrolment=enrolment, author=instructor, text=words[7])
    Message.objects.create(
        enrolment=enrolment, author=user, from_participant=True, thread=thread, text=words[6]
    )
    if not Instrument.objects.exists():
        call_command("load_instruments", stdout=StringIO())
    goals = Instrument.objects.get(slug="course-goals")
    response = Response.objects.create(enrolment=enrolment, instrument=goals, time_point="baseline")
    text_item = goals.items.filter(scale=Item.Scale.TEXT).first()
    Answer.objects.create(response=response, item=text_item, text=words[4])
    stress = Instrument.objects.get(slug="stress")
    scored = Response.objects.create(enrolment=enrolment, instrument=stress, time_point="baseline")
    Answer.objects.create(response=scored, item=stress.items.first(), value=6)
    Invitation.objects.create(cohort=cohort, email=user.email, invited_by=instructor)
    Delivery.objects.create(
        recipient=user,
        kind="daily",
        period="2026-01-05",
        context={"name": user.display_name},
        status=Delivery.Status.SENT,
    )
    Delivery.objects.create(
        recipient=user,
        kind="announcement",
        period="announcement:x",
        to=user.email,
        status=Delivery.Status.SENT,
    )
    Delivery.objects.create(
        recipient=None, to=user.email, kind="invitation", period="inv:1", status="sent"
    )
    give_consent(user)
    record_access(instructor, [user], AccessRecord.What.PARTICIPANT_PAGE, cohort.title)
    record_access(instructor, [user], AccessRecord.What.EXPORT_WEEKS, cohort.title)
    return enrolment
