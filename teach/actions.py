"""Instructors' writes that send e-mail: invitations, announcements, comments and messages.

The rows are course's (course.actions); sending goes through the notifications ledger, so each
message leaves once, after the rows that it is about are committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from course import actions as course_actions
from course.invitations import InviteResult, accept_path
from course.models import Announcement, ClassSession, Cohort, Enrolment, Invitation
from homework import actions as homework_actions
from homework.models import InstructorComment, Message
from notifications.actions import queue_message, queue_messages
from notifications.compose import prepare
from notifications.emails import absolute_url
from notifications.models import Delivery, Kind
from teach.selectors import build_roster

# --- Invitations --------------------------------------------------------------------------------


def send_invitation_email(invitation: Invitation) -> None:
    """Queue the invitation e-mail on the notifications ledger; a worker sends it once.

    Each (re)send is its own period, so a resend goes out while a repeated call does not.
    """
    cohort = invitation.cohort
    queue_message(
        invitation.email,
        Kind.INVITATION,
        f"invitation:{invitation.public_id}:{invitation.send_count}",
        "invitation",
        {
            "instructor_name": invitation.invited_by.get_full_name()
            if invitation.invited_by
            else "",
            "cohort_title": cohort.title,
            "start_date": f"{cohort.start_date:%A} {cohort.start_date.day} {cohort.start_date:%B %Y}",
            "accept_url": absolute_url(accept_path(invitation)),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


def invite(cohort: Cohort, instructor: User, text: str) -> InviteResult:
    """Invite every valid address in `text`; report the rest. All-or-nothing on limits.

    The rows are written and committed first, then the e-mails go out: a failing mail server
    leaves invitations the instructor can resend, never e-mails for rows that were rolled back.
    """
    result, created = course_actions.create_invitations(cohort, instructor, text)
    for invitation in created:
        send_invitation_email(invitation)
        result.sent.append(invitation.email)
    return result


def resend(invitation: Invitation, instructor: User) -> str:
    """Send a fresh link (the old one stops working). Returns an error message or ''."""
    error = course_actions.renew_invitation(invitation, instructor)
    if not error:
        send_invitation_email(invitation)
    return error


# --- Announcements ------------------------------------------------------------------------------


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


def audience(
    cohort: Cohort, choice: str, chosen: Sequence[Enrolment] | None = None
) -> list[Enrolment]:
    """Everyone on the roster, only those the roster flags as possibly slipping, or the people
    the instructor ticked (kept only while they are on the roster)."""
    if choice == Announcement.Audience.FLAGGED:
        return [row.enrolment for row in build_roster(cohort) if row.flags]
    roster = list(Enrolment.objects.on_roster(cohort))
    if choice == Announcement.Audience.CHOSEN:
        ticked = {e.pk for e in chosen or []}
        return [e for e in roster if e.pk in ticked]
    return roster


UNSUBSCRIBE_PLACEHOLDER = "[their own unsubscribe link]"


def preview_announcement(
    cohort: Cohort, author: User, *, subject: str, body: str, recipients: Sequence[Enrolment]
) -> tuple[str, str] | None:
    """(subject, text) of the e-mail the first recipient would get, built by the same code that
    sends it; nothing is stored or queued. Each copy differs only in the greeting and the
    unsubscribe link, which is that person's own and so is never shown to the instructor."""
    if not recipients:
        return None
    draft = Announcement(cohort=cohort, author=author, subject=subject, body=body)
    user, period, context = announcement_email(draft, recipients[0])
    row = Delivery(
        recipient=user,
        kind=Kind.ANNOUNCEMENT,
        period=period,
        template="announcement",
        context=context,
    )
    message = prepare([row], preview=True)[0].message
    if message is None:
        return None
    link = message.extra_headers.get("List-Unsubscribe", "").strip("<>")
    text = message.body.replace(link, UNSUBSCRIBE_PLACEHOLDER) if link else message.body
    return str(message.subject), str(text)


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


# --- Class changes ------------------------------------------------------------------------------


def reschedule_and_tell(
    session: ClassSession, *, day: dt.date, at: dt.time, is_cancelled: bool, note: str
) -> int:
    """Move or cancel a class; if participants were already told of it (its reminder went),
    tell them now, once per change, with the calendar entry replaced or cancelled.

    Returns how many participants are being told.
    """
    with transaction.atomic():
        # Under a lock: two instructors saving at once must each raise the sequence.
        session = (
            ClassSession.objects.select_for_update().select_related("cohort").get(pk=session.pk)
        )
        before = session.sequence
        course_actions.reschedule_session(
            session, day=day, at=at, is_cancelled=is_cancelled, note=note
        )
        if session.sequence == before:
            return 0
        announced = Delivery.objects.filter(
            kind=Kind.CLASS,
            status=Delivery.Status.SENT,
            context__session=str(session.public_id),
        ).values_list("recipient_id", flat=True)
        people = list(
            Enrolment.objects.filter(cohort_id=session.cohort_id, participant_id__in=announced)
            .in_course()
            .select_related("participant")
        )
        queue_messages(
            Kind.CLASS_UPDATE,
            "class-update",
            [
                (
                    e.participant,
                    f"{session.period_key}:update",
                    {"session": str(session.public_id), "sequence": session.sequence},
                )
                for e in people
            ],
        )
    return len(people)


# --- Comments and private messages --------------------------------------------------------------


def comment_and_tell(entry: homework_actions.Entry, author: User, text: str) -> InstructorComment:
    """Comment on a shared entry and e-mail the participant once (after commit). The builder
    (notifications.compose_conversations) checks again, just before sending, that the entry is
    still shared and the comment still unread."""
    with transaction.atomic():
        comment = homework_actions.add_comment(entry, author, text)
        queue_message(
            comment.enrolment.participant,
            Kind.COMMENT,
            f"comment:{comment.public_id}",
            "comment",
            {"comment": str(comment.public_id)},
        )
    return comment


def message_and_tell(
    enrolment: Enrolment,
    author: User,
    text: str,
    *,
    comment: InstructorComment | None = None,
    thread: Message | None = None,
) -> Message:
    """A private message to one participant, or an instructor's reply in one of their threads;
    e-mailed to that participant only, once."""
    with transaction.atomic():
        if comment is None and thread is None:
            message = homework_actions.send_message(enrolment, author, text)
        else:
            message = homework_actions.reply(
                enrolment, author, text, comment=comment, thread=thread
            )
        queue_message(
            enrolment.participant,
            Kind.MESSAGE,
            f"message:{message.public_id}",
            "message",
            {"message": str(message.public_id)},
        )
    return message
