"""Announcements: an instructor's message to the cohort, stored, e-mailed and shown on dashboards."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import User
from course.models import Announcement, Cohort, Enrolment
from course.roster import build_roster
from notifications.actions import queue_messages
from notifications.emails import absolute_url
from notifications.models import Kind


class NoRecipients(Exception):
    """Nobody matches the audience; nothing was stored or sent."""


def announcement_email(
    announcement: Announcement, enrolment: Enrolment
) -> tuple[User, str, dict[str, object]]:
    """One recipient's copy, for the notifications ledger (JSON-safe context)."""
    return (
        enrolment.participant,
        f"announcement:{announcement.public_id}",
        {
            "participant_name": enrolment.participant.get_short_name(),
            "subject": announcement.subject,
            "body": announcement.body,
            "author_name": announcement.author.get_full_name() if announcement.author else "",
            "cohort_title": announcement.cohort.title,
            "home_url": absolute_url(reverse("home")),
        },
    )


def audience(cohort: Cohort, choice: str) -> list[Enrolment]:
    """Everyone on the roster, or only those the roster flags as possibly slipping."""
    if choice == Announcement.Audience.FLAGGED:
        return [row.enrolment for row in build_roster(cohort) if row.flags]
    return list(Enrolment.objects.on_roster(cohort))


def announce(
    cohort: Cohort,
    author: User,
    *,
    subject: str,
    body: str,
    audience_choice: str = Announcement.Audience.EVERYONE,
    recipients: Sequence[Enrolment] | None = None,
) -> Announcement:
    """Store the message with its recipients, and queue one e-mail each (sent after commit).

    Recipients are fixed when it is sent: flags change later, the audience of a sent message
    does not. Raises NoRecipients when nobody matches.
    """
    if recipients is None:
        recipients = audience(cohort, audience_choice)
    if not recipients:
        raise NoRecipients
    with transaction.atomic():
        announcement = Announcement.objects.create(
            cohort=cohort, author=author, subject=subject, body=body, audience=audience_choice
        )
        announcement.recipients.set(recipients)
        queue_messages(
            Kind.ANNOUNCEMENT,
            "announcement",
            [announcement_email(announcement, e) for e in recipients],
        )
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
