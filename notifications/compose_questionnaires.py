"""What questionnaire messages say: the intake reminder and the intake part of the digest.

Builders in the style of compose.py: they read only the loaded batch (batch_questionnaires.py)
and return (template, context, attachments) or a sentence saying why the message should not go.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.urls import reverse

from course.calendar import local_date
from course.models import ClassSession, Enrolment
from notifications.batch import Batch
from notifications.due_questionnaires import intake_reminder_due, why_no_intake_reminder
from notifications.emails import absolute_url
from notifications.models import Delivery
from outcomes.models import TimePoint

Built = tuple[str, dict[str, Any], list[tuple[str, bytes | str, str]]] | str


def intake_reminder(delivery: Delivery, batch: Batch) -> Built:
    found = batch.intake
    enrolment = found.enrolments.get(delivery.context.get("enrolment"))
    session = found.sessions.get(delivery.context.get("session", ""))
    days = delivery.context.get("days")
    if enrolment is None or delivery.recipient is None:
        return "The enrolment no longer exists."
    if session is None or not isinstance(days, int):
        return "Class 1 no longer exists."
    if not batch.preview:
        if enrolment.status != Enrolment.Status.ACTIVE:
            return "No longer an active participant."
        if session.is_cancelled:
            return "Class 1 was cancelled."
        if not found.intake_asked:
            return "The intake is not asked any more."
        refusal = why_no_intake_reminder(
            due=intake_reminder_due(delivery.recipient.time_zone, session.starts_at, days),
            now=batch.now,
            class_one_at=session.starts_at,
            joined_at=enrolment.joined_at or enrolment.created_at,
            answered=enrolment.pk in found.answered,
        )
        if refusal:
            return refusal
    zone = zoneinfo.ZoneInfo(delivery.recipient.time_zone)
    return (
        "intake-reminder",
        {
            "cohort": enrolment.cohort.title,
            "when": "tomorrow" if days == 1 else f"in {days} days",
            "class_one_local": session.starts_at.astimezone(zone).replace(tzinfo=None),
            "intake_url": absolute_url(
                reverse("outcomes:questionnaire", args=[enrolment.public_id, TimePoint.INTAKE])
            ),
        },
        [],
    )


def intake_digest(session: ClassSession, batch: Batch) -> Built:
    """The digest on the morning of class 1: who has not answered, who to talk with first."""
    cohort = session.cohort
    if not batch.preview and local_date(cohort, session.starts_at) != local_date(cohort, batch.now):
        return "The class is no longer on this day."  # the moved class has its own digest
    lists = batch.intake.digests.get(session.cohort_id)
    if lists is None or not (lists.unanswered or lists.talk_first):
        return "Nothing about the intake to report before class 1."
    zone = zoneinfo.ZoneInfo(session.cohort.time_zone)
    return (
        "intake-digest",
        {
            "session": session,
            "cohort": session.cohort.title,
            "starts_local": session.starts_at.astimezone(zone).replace(tzinfo=None),
            "intake": lists,
            "intake_url": absolute_url(reverse("teach:intake", args=[session.cohort.public_id])),
        },
        [],
    )
