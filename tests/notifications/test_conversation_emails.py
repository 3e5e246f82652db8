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
    assert "comments, messages and replies" in page.lower()
    prefs = NotificationSettings.objects.get(user=participant)
    assert prefs.conversation_enabled is True


def test_a_participants_reply_is_emailed_once_to_each_instructor_of_the_cohort(
    pat: Client,
    enrolment: Enrolment,
    cohort: Cohort,
    shared: CalendarEntry,
    instructor: User,
    other_instructor: User,
    other_cohort: Cohort,
) -> None:
    from tests.support.factories import UserFactory
    from tests.support.notifications import run_tick

    co_teacher = UserFactory(email="co@example.org", display_name="Co", is_instructor=True)
    cohort.instructors.add(co_teacher)
    comment = comment_and_tell(shared, instructor, "Thank you for writing this down.")
    deliver_queued_mail()
    mail.outbox.clear()
    pat.post(comment.get_absolute_url(), {"text": "My shoulders were up by my ears."})
    run_tick()
    run_tick()  # a second tick sees the same reply: nothing more
    replies = [m for m in mail.outbox if "replied to you" in m.subject]
    assert sorted(m.to[0] for m in replies) == ["co@example.org", "teacher@example.org"]
    message = next(m for m in replies if m.to == ["teacher@example.org"])
    assert message.subject == "Spring cohort: Pat replied to you"
    assert message.body.startswith("Hello Teacher,")
    assert "replied to your comment on their unpleasant events calendar entry of" in message.body
    page = reverse("teach:participant", args=[cohort.public_id, enrolment.public_id])
    assert f"{page}#comment-{comment.public_id}" in message.body
    # The participant's own words stay on the site.
    assert "shoulders" not in message.body
    assert "shoulders" not in message.alternatives[0][0]
    assert "other-teacher@example.org" not in [m.to[0] for m in mail.outbox]
    assert Delivery.objects.filter(kind="reply").count() == 2


def test_an_instructor_can_turn_reply_emails_off(
    pat: Client, enrolment: Enrolment, instructor: User
) -> None:
    from tests.support.notifications import run_tick

    thread = message_and_tell(enrolment, instructor, "How was the week?")
    deliver_queued_mail()
    mail.outbox.clear()
    prefs = NotificationSettings.objects.get(user=instructor)
    prefs.conversation_enabled = False
    prefs.save()
    pat.post(reverse("homework:message_thread", args=[thread.public_id]), {"text": "Calmer."})
    run_tick()
    assert not [m for m in mail.outbox if "replied to you" in m.subject]
    assert Delivery.objects.get(kind="reply").status == "skipped"


def test_an_instructor_sees_the_switch_too(signed_in: Client) -> None:
    """It covers the replies they are sent, so it is not a participant-only setting."""
    page = signed_in.get(reverse("notifications:preferences")).content.decode()
    assert "comments, messages and replies" in page.lower()
