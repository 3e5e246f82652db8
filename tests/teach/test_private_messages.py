"""Instructors write privately to one participant and reply in their threads; the participant
page shows every thread in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, Enrolment, Practice
from homework.models import InstructorComment, Message, PracticeLog
from notifications.models import Delivery, Kind
from teach.actions import comment_and_tell, message_and_tell
from tests.support.conversations import add_threads
from tests.support.mail import deliver_queued_mail

pytestmark = pytest.mark.django_db


def send(
    client: Client, enrolment: Enrolment, text: str = "Shall we talk after class?", **extra: str
) -> HttpResponse:
    return client.post(
        reverse("teach:message", args=[enrolment.cohort.public_id, enrolment.public_id]),
        {"text": text, **extra},
    )


@pytest.fixture
def shared_log(enrolment: Enrolment, cohort: Cohort) -> PracticeLog:
    return PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=cohort.start_date + dt.timedelta(days=2),
        minutes=30,
        note="hard to stay awake",
        shared_with_instructors=True,
    )


def test_a_private_message_goes_to_one_participant_on_the_site_and_by_email(
    signed_in: Client, client: Client, enrolment: Enrolment, second_participant: User
) -> None:
    response = send(signed_in, enrolment)
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.enrolment == enrolment
    assert not message.from_participant
    assert deliver_queued_mail() == 1
    assert [m.to for m in mail.outbox] == [["pat@example.org"]]
    assert mail.outbox[0].subject == "Spring cohort: a private message from Teacher"
    client.force_login(enrolment.participant)
    assert "Shall we talk after class?" in client.get(reverse("home")).content.decode()
    client.force_login(second_participant)
    assert "Shall we talk" not in client.get(reverse("home")).content.decode()
    assert "Shall we talk" not in client.get(reverse("homework:inbox")).content.decode()


def test_the_same_form_sent_twice_sends_one_message(
    signed_in: Client, enrolment: Enrolment
) -> None:
    token = "0b8f0f43-7f0e-4a3f-a0b7-3c9c2e6d8a11"
    send(signed_in, enrolment, submission_token=token)
    send(signed_in, enrolment, submission_token=token)
    assert Message.objects.count() == 1
    assert Delivery.objects.filter(kind=Kind.MESSAGE).count() == 1


def test_an_empty_message_is_refused_and_nothing_is_sent(
    signed_in: Client, enrolment: Enrolment
) -> None:
    response = send(signed_in, enrolment, text="   ")
    assert response.status_code == 302
    page = signed_in.get(response["Location"]).content.decode()
    assert "A message needs some text" in page
    assert not Message.objects.exists()
    assert not Delivery.objects.filter(kind=Kind.MESSAGE).exists()


def test_nobody_but_the_cohorts_instructors_can_send_one(
    client: Client,
    enrolment: Enrolment,
    participant: User,
    second_participant: User,
    other_instructor: User,
    other_cohort: Cohort,
    outsider: User,
) -> None:
    for someone in (participant, second_participant, other_instructor, outsider):
        client.force_login(someone)
        assert send(client, enrolment).status_code == 404
    client.logout()
    response = send(client, enrolment)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Message.objects.exists()


def test_another_cohorts_instructor_never_sees_the_thread(
    client: Client,
    instructor: User,
    enrolment: Enrolment,
    other_instructor: User,
    other_cohort: Cohort,
) -> None:
    message_and_tell(enrolment, instructor, "Just for Pat.")
    client.force_login(other_instructor)
    page = reverse("teach:participant", args=[enrolment.cohort.public_id, enrolment.public_id])
    assert client.get(page).status_code == 404
    # Their own cohort's URL with our participant in it is not found either.
    mixed = reverse("teach:participant", args=[other_cohort.public_id, enrolment.public_id])
    assert client.get(mixed).status_code == 404
    assert "Just for Pat." not in client.get(reverse("teach:home")).content.decode()


def test_an_instructor_replies_in_a_comment_thread_and_the_participant_is_told(
    signed_in: Client, enrolment: Enrolment, shared_log: PracticeLog, instructor: User
) -> None:
    comment = comment_and_tell(shared_log, instructor, "Try it sitting up.")
    Message.objects.create(
        enrolment=enrolment,
        author=enrolment.participant,
        from_participant=True,
        comment=comment,
        text="Sitting up helped.",
    )
    response = send(
        signed_in, enrolment, text="Good to hear.", thread=f"comment:{comment.public_id}"
    )
    assert response.status_code == 302
    reply = Message.objects.get(from_participant=False)
    assert reply.comment == comment
    deliver_queued_mail()
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Spring cohort: Teacher commented on your body scan of "
        + f"{shared_log.practised_on.day} {shared_log.practised_on:%B}",
        "Spring cohort: a reply from Teacher",
    ]
    page = signed_in.get(
        reverse("teach:participant", args=[enrolment.cohort.public_id, enrolment.public_id])
    ).content.decode()
    assert "Sitting up helped." in page
    assert "Good to hear." in page


def test_a_reply_to_someone_elses_thread_is_not_found(
    signed_in: Client, enrolment: Enrolment, second_participant: User, instructor: User
) -> None:
    robin = second_participant.enrolments.get()
    theirs = message_and_tell(robin, instructor, "For Robin.")
    assert send(signed_in, enrolment, thread=f"message:{theirs.public_id}").status_code == 404
    assert send(signed_in, enrolment, thread="message:not-a-uuid").status_code == 404
    assert send(signed_in, enrolment, thread="other:whatever").status_code == 404
    assert Message.objects.count() == 1


def test_a_comment_from_the_page_is_emailed_once(
    signed_in: Client, enrolment: Enrolment, shared_log: PracticeLog
) -> None:
    url = reverse("teach:comment", args=[enrolment.cohort.public_id, enrolment.public_id])
    data = {
        "entry": f"log:{shared_log.public_id}",
        "text": "Well noticed.",
        "submission_token": "2d0a0bfc-54cf-4f0f-9a35-8f7c6b4a7e21",
    }
    signed_in.post(url, data)
    signed_in.post(url, data)
    assert InstructorComment.objects.count() == 1
    deliver_queued_mail()
    deliver_queued_mail()
    assert len(mail.outbox) == 1
    assert "Well noticed." in mail.outbox[0].body


def test_the_participant_page_makes_as_many_queries_for_many_threads_as_for_one(
    signed_in: Client, enrolment: Enrolment, instructor: User
) -> None:
    url = reverse("teach:participant", args=[enrolment.cohort.public_id, enrolment.public_id])
    add_threads(enrolment, instructor, 1)
    with CaptureQueriesContext(connection) as one:
        assert signed_in.get(url).status_code == 200
    add_threads(enrolment, instructor, 15)
    with CaptureQueriesContext(connection) as many:
        page = signed_in.get(url).content.decode()
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
    assert "Reply 14" in page
    assert "Answer 14" in page
    assert "Message 14" in page
