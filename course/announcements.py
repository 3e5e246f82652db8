"""Announcements: an instructor's message to the cohort, stored, e-mailed and shown on dashboards."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import User
from course.models import Announcement, Cohort, Enrolment
from notifications.emails import absolute_url, send_email


def send_announcement_email(announcement: Announcement, enrolment: Enrolment) -> None:
    """The one place an announcement e-mail leaves (the notifications ledger will take it over)."""
    send_email(
        "announcement",
        enrolment.participant.email,
        {
            "announcement": announcement,
            "cohort": announcement.cohort,
            "participant": enrolment.participant,
            "author": announcement.author,
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
