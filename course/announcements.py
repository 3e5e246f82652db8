"""Announcements: an instructor's message to the cohort, stored, e-mailed and shown on dashboards."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import User
from course.models import Announcement, Cohort, Enrolment
from notifications.actions import queue_message
from notifications.emails import absolute_url
from notifications.models import Kind


def send_announcement_email(announcement: Announcement, enrolment: Enrolment) -> None:
    """Queue one recipient's copy on the notifications ledger; a worker sends it once."""
    queue_message(
        enrolment.participant,
        Kind.ANNOUNCEMENT,
        f"announcement:{announcement.public_id}",
        "announcement",
        {
            "participant_name": enrolment.participant.get_short_name(),
            "subject": announcement.subject,
            "body": announcement.body,
            "author_name": announcement.author.get_full_name() if announcement.author else "",
            "cohort_title": announcement.cohort.title,
            "home_url": absolute_url(reverse("home")),
        },
    )


def announce(
    cohort: Cohort,
    author: User,
    *,
    subject: str,
    body: str,
    audience: str,
    recipients: Sequence[Enrolment],
) -> Announcement:
    """Store the message with its recipients, then e-mail each of them once it is committed."""
    with transaction.atomic():
        announcement = Announcement.objects.create(
            cohort=cohort, author=author, subject=subject, body=body, audience=audience
        )
        announcement.recipients.set(recipients)
    for enrolment in recipients:
        send_announcement_email(announcement, enrolment)
    return announcement


def for_enrolment(enrolment: Enrolment, limit: int = 5) -> QuerySet[Announcement]:
    """The latest announcements this participant received, newest first (one query).

    For the participant's dashboard: `{% include "course/_announcements.html" %}` with
    `announcements` set to this.
    """
    return (
        Announcement.objects.filter(recipients=enrolment)
        .select_related("author")
        .order_by("-created_at")[:limit]
    )
