"""Invitations and announcements travel the same ledger path as reminders: queued, sent once."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.models import User
from course import invitations
from course.models import Cohort, Enrolment, Invitation
from notifications.models import Delivery, Kind
from teach import actions as teach_actions
from teach.actions import announce
from tests.support.mail import deliver_queued_mail

pytestmark = pytest.mark.django_db


def test_an_invitation_is_queued_on_the_ledger_and_sent_once(
    cohort: Cohort, instructor: User
) -> None:
    result = teach_actions.invite(cohort, instructor, "kim@example.org")
    assert result.sent == ["kim@example.org"]
    assert mail.outbox == []  # nothing leaves from the web request itself
    row = Delivery.objects.get(kind=Kind.INVITATION)
    assert row.to == "kim@example.org"
    invitation = Invitation.objects.get()
    teach_actions.send_invitation_email(invitation)  # a repeated call for the same link
    assert Delivery.objects.filter(kind=Kind.INVITATION).count() == 1
    deliver_queued_mail()
    deliver_queued_mail()
    assert [m.to for m in mail.outbox] == [["kim@example.org"]]
    message = mail.outbox[0]
    assert invitations.accept_path(invitation) in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT


def test_an_announcement_is_queued_per_recipient_and_sent_once(
    cohort: Cohort, instructor: User, enrolment: Enrolment
) -> None:
    announcement = announce(
        cohort,
        instructor,
        subject="No class next week",
        body="Enjoy the break.",
        audience_choice="everyone",
        recipients=[enrolment],
    )
    from notifications.actions import queue_messages
    from teach.actions import announcement_email

    # Queuing the same copy again (a retried request, say) adds nothing.
    assert (
        queue_messages(
            Kind.ANNOUNCEMENT, "announcement", [announcement_email(announcement, enrolment)]
        )
        == []
    )
    assert (
        Delivery.objects.filter(kind=Kind.ANNOUNCEMENT, recipient=enrolment.participant).count()
        == 1
    )
    deliver_queued_mail()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"{cohort.title}: No class next week"
    assert "Enjoy the break." in mail.outbox[0].alternatives[0][0]
