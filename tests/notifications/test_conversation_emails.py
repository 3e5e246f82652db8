"""Comment and message e-mails: one unsubscribe link turns both off, and then neither is sent."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import CalendarKind, Cohort, Enrolment
from homework.models import CalendarEntry
from notifications.models import Delivery, NotificationSettings
from teach.actions import comment_and_tell, message_and_tell
from tests.support.mail import deliver_queued_mail

pytestmark = pytest.mark.django_db


def unsubscribe_path(message: mail.EmailMessage) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    url = re.fullmatch(r"<(.+)>", header).group(1)
    assert url in message.body  # the footer carries the same link
    return url.removeprefix("http://127.0.0.1:8000")


@pytest.fixture
def shared(enrolment: Enrolment, cohort: Cohort) -> CalendarEntry:
    return CalendarEntry.objects.create(
        enrolment=enrolment,
        kind=CalendarKind.UNPLEASANT,
        occurred_on=cohort.start_date + dt.timedelta(days=9),
        event="a tense meeting",
        shared_with_instructors=True,
    )


def test_the_comment_emails_unsubscribe_link_turns_off_comments_and_messages(
    enrolment: Enrolment, shared: CalendarEntry, instructor: User
) -> None:
    comment_and_tell(shared, instructor, "Thank you for writing this down.")
    deliver_queued_mail()
    (message,) = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "an instructor of your course wrote to you" in message.body
    response = Client(enforce_csrf_checks=True).post(unsubscribe_path(message))
    assert response.status_code == 200
    prefs = NotificationSettings.objects.get(user=enrolment.participant)
    assert prefs.conversation_enabled is False
    assert prefs.announcement_enabled is True
    comment_and_tell(shared, instructor, "A second comment.")
    message_and_tell(enrolment, instructor, "And a message.")
    deliver_queued_mail()
    assert len(mail.outbox) == 1
    assert set(
        Delivery.objects.filter(kind__in=["comment", "message"]).values_list("status", flat=True)
    ) == {"sent", "skipped"}


def test_the_message_emails_link_works_too(enrolment: Enrolment, instructor: User) -> None:
    message_and_tell(enrolment, instructor, "How are you finding week 2?")
    deliver_queued_mail()
    (message,) = mail.outbox
    assert "How are you finding week 2?" in message.alternatives[0][0]
    Client().post(unsubscribe_path(message))
    assert (
        NotificationSettings.objects.get(user=enrolment.participant).conversation_enabled is False
    )


def test_the_switch_is_on_the_preferences_page(pat: Client, participant: User) -> None:
    page = pat.get(reverse("notifications:preferences")).content.decode()
    assert "comments and messages from instructors" in page.lower()
    prefs = NotificationSettings.objects.get(user=participant)
    assert prefs.conversation_enabled is True
