"""An instructor's comment and private messages reach the participant, who can reply; nobody
else ever sees them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course.models import CalendarKind, Cohort, Enrolment
from homework.models import CalendarEntry, InstructorComment, Message
from teach.actions import comment_and_tell, message_and_tell
from tests.support.conversations import add_threads
from tests.support.mail import deliver_queued_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_entry(enrolment: Enrolment, cohort: Cohort) -> CalendarEntry:
    return CalendarEntry.objects.create(
        enrolment=enrolment,
        kind=CalendarKind.PLEASANT,
        occurred_on=cohort.start_date + dt.timedelta(days=1),
        event="tea in the garden",
        shared_with_instructors=True,
    )


@pytest.fixture
def comment(shared_entry: CalendarEntry, instructor: User) -> InstructorComment:
    return comment_and_tell(shared_entry, instructor, "Lovely noticing.")


@pytest.fixture
def private(enrolment: Enrolment, instructor: User) -> Message:
    return message_and_tell(enrolment, instructor, "How is your back this week?")


def dashboard(client: Client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_comment_shows_on_the_dashboard_with_a_link_until_the_thread_is_opened(
    pat: Client, comment: InstructorComment
) -> None:
    page = dashboard(pat)
    assert "New from your instructors" in page
    assert "Lovely noticing." in page
    assert comment.get_absolute_url() in page
    assert reverse("homework:week", args=[1]) in page
    response = pat.get(comment.get_absolute_url())
    assert response.status_code == 200
    assert "Lovely noticing." in response.content.decode()
    comment.refresh_from_db()
    assert comment.read_at is not None
    assert "New from your instructors" not in dashboard(pat)
    # Still there, no longer new, in the inbox.
    inbox = pat.get(reverse("homework:inbox")).content.decode()
    assert "Lovely noticing." in inbox


def test_opening_the_week_page_reads_that_weeks_comments(
    pat: Client, comment: InstructorComment
) -> None:
    assert "Lovely noticing." in pat.get(reverse("homework:week", args=[1])).content.decode()
    comment.refresh_from_db()
    assert comment.read_at is not None
    assert "New from your instructors" not in dashboard(pat)


def test_mark_as_read_is_a_plain_post_that_works_without_javascript(
    pat: Client, comment: InstructorComment, private: Message
) -> None:
    page = dashboard(pat)
    assert reverse("homework:mark_read", args=[comment.public_id]) in page
    assert reverse("homework:mark_read", args=[private.public_id]) in page
    # A GET changes nothing.
    assert pat.get(reverse("homework:mark_read", args=[comment.public_id])).status_code == 405
    response = pat.post(
        reverse("homework:mark_read", args=[comment.public_id]),
        {"kind": "comment", "next": reverse("home")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    page = dashboard(pat)
    assert "Lovely noticing." not in page
    assert "How is your back this week?" in page
    pat.post(reverse("homework:mark_read", args=[private.public_id]), {"kind": "message"})
    assert "New from your instructors" not in dashboard(pat)


def test_a_comment_is_emailed_once_however_often_the_send_runs(
    comment: InstructorComment, shared_entry: CalendarEntry, instructor: User
) -> None:
    assert deliver_queued_mail() == 1
    assert deliver_queued_mail() == 0
    # Queuing the same comment again (a retried request) sends nothing more.
    from notifications.actions import queue_message

    queue_message(
        comment.enrolment.participant,
        "comment",
        f"comment:{comment.public_id}",
        "comment",
        {"comment": str(comment.public_id)},
    )
    deliver_queued_mail()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@example.org"]
    assert message.subject.startswith("Spring cohort: Teacher commented on your pleasant")
    assert "Lovely noticing." in message.body
    assert comment.get_absolute_url() in message.body
    # The participant's own words stay on the site.
    assert "tea in the garden" not in message.body
    assert "tea in the garden" not in message.alternatives[0][0]


def test_a_comment_already_read_or_made_private_is_not_emailed(
    pat: Client, shared_entry: CalendarEntry, instructor: User
) -> None:
    read = comment_and_tell(shared_entry, instructor, "Read first.")
    pat.get(read.get_absolute_url())
    deliver_queued_mail()
    private_now = comment_and_tell(shared_entry, instructor, "Then hidden.")
    shared_entry.shared_with_instructors = False
    shared_entry.save()
    deliver_queued_mail()
    assert mail.outbox == []
    assert private_now.pk


def test_the_participant_replies_to_a_comment_and_the_instructor_sees_it(
    pat: Client, client: Client, comment: InstructorComment, instructor: User
) -> None:
    response = pat.post(comment.get_absolute_url(), {"text": "Thank you, it helped."})
    assert response.status_code == 302
    reply = Message.objects.get()
    assert reply.from_participant
    assert reply.comment == comment
    assert "Thank you, it helped." in pat.get(comment.get_absolute_url()).content.decode()
    teacher = Client()
    teacher.force_login(instructor)
    page = teacher.get(
        reverse(
            "teach:participant",
            args=[comment.enrolment.cohort.public_id, comment.enrolment.public_id],
        )
    ).content.decode()
    assert "Thank you, it helped." in page


def test_an_empty_reply_is_refused_beside_its_field(
    pat: Client, comment: InstructorComment
) -> None:
    response = pat.post(comment.get_absolute_url(), {"text": "   "})
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    too_long = pat.post(comment.get_absolute_url(), {"text": "x" * 1001})
    assert too_long.status_code == 200
    assert "text" in too_long.context["form"].errors
    assert not Message.objects.exists()


def test_a_reply_sent_twice_is_stored_once(pat: Client, comment: InstructorComment) -> None:
    token = "5f2b0c4e-7d1a-4c55-9a58-0a0d9b0c1e11"
    for _ in range(2):
        pat.post(comment.get_absolute_url(), {"text": "Once.", "submission_token": token})
    assert Message.objects.count() == 1


def test_a_private_message_reaches_only_its_participant(
    client: Client,
    private: Message,
    participant: User,
    second_participant: User,
    other_instructor: User,
    other_cohort: Cohort,
    outsider: User,
) -> None:
    url = reverse("homework:message_thread", args=[private.public_id])
    read = reverse("homework:mark_read", args=[private.public_id])
    deliver_queued_mail()
    assert [m.to for m in mail.outbox] == [["pat@example.org"]]
    assert "How is your back this week?" in mail.outbox[0].body
    for someone in (second_participant, other_instructor, outsider):
        client.force_login(someone)
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "Not mine"}).status_code == 404
        assert client.post(read, {"kind": "message"}).status_code == 404
        assert "How is your back" not in client.get(reverse("homework:inbox")).content.decode()
        assert "How is your back" not in client.get(reverse("home"), follow=True).content.decode()
    client.logout()
    for response in (client.get(url), client.post(url, {"text": "x"}), client.post(read)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("homework:inbox")).status_code == 302
    assert not Message.objects.filter(from_participant=True).exists()
    private.refresh_from_db()
    assert private.read_at is None  # nobody else's visit counted as reading it
    client.force_login(participant)
    assert "How is your back this week?" in client.get(url).content.decode()


def test_another_participants_comment_thread_is_not_found(
    client: Client, comment: InstructorComment, second_participant: User
) -> None:
    client.force_login(second_participant)
    assert client.get(comment.get_absolute_url()).status_code == 404
    assert client.post(comment.get_absolute_url(), {"text": "hi"}).status_code == 404
    read = reverse("homework:mark_read", args=[comment.public_id])
    assert client.post(read, {"kind": "comment"}).status_code == 404
    comment.refresh_from_db()
    assert comment.read_at is None


def test_the_participant_replies_to_a_private_message(
    pat: Client, private: Message, instructor: User
) -> None:
    url = reverse("homework:message_thread", args=[private.public_id])
    assert pat.post(url, {"text": "Better, thanks."}).status_code == 302
    reply = Message.objects.get(from_participant=True)
    assert reply.thread == private
    teacher = Client()
    teacher.force_login(instructor)
    enrolment = private.enrolment
    page = teacher.get(
        reverse("teach:participant", args=[enrolment.cohort.public_id, enrolment.public_id])
    ).content.decode()
    assert "Better, thanks." in page
    assert "How is your back this week?" in page


def test_dashboard_and_inbox_queries_do_not_grow_with_comments(
    pat: Client, enrolment: Enrolment, instructor: User
) -> None:
    add_threads(enrolment, instructor, 1)
    with CaptureQueriesContext(connection) as one:
        assert pat.get(reverse("home")).status_code == 200
    with CaptureQueriesContext(connection) as one_inbox:
        assert pat.get(reverse("homework:inbox")).status_code == 200
    add_threads(enrolment, instructor, 12)
    with CaptureQueriesContext(connection) as many:
        page = pat.get(reverse("home")).content.decode()
    with CaptureQueriesContext(connection) as many_inbox:
        inbox = pat.get(reverse("homework:inbox")).content.decode()
    # Past the five shown of each, the dashboard adds one count per list.
    assert len(many) <= len(one) + 2, [q["sql"] for q in many.captured_queries]
    assert len(many_inbox) == len(one_inbox), [q["sql"] for q in many_inbox.captured_queries]
    assert "26 new" in page
    assert "Reply 11" in inbox
    assert "Message 11" in inbox


def test_a_thread_closes_with_its_comment_when_the_entry_is_made_private(
    pat: Client,
    client: Client,
    comment: InstructorComment,
    shared_entry: CalendarEntry,
    instructor: User,
    enrolment: Enrolment,
) -> None:
    deliver_queued_mail()  # the comment's own e-mail
    mail.outbox.clear()
    answer = message_and_tell(enrolment, instructor, "And one more thought.", comment=comment)
    assert "And one more thought." in dashboard(pat)
    shared_entry.shared_with_instructors = False
    shared_entry.save()
    # The instructor's answer under it goes with the comment: not new, not e-mailed...
    assert "And one more thought." not in dashboard(pat)
    deliver_queued_mail()
    assert mail.outbox == []
    # ...and the instructor can no longer post into that thread.
    client.force_login(instructor)
    response = client.post(
        reverse("teach:message", args=[enrolment.cohort.public_id, enrolment.public_id]),
        {"text": "Still there?", "thread": f"comment:{comment.public_id}"},
    )
    assert response.status_code == 404
    assert list(Message.objects.all()) == [answer]


def test_nothing_is_emailed_to_a_participant_who_has_left(
    shared_entry: CalendarEntry, instructor: User, enrolment: Enrolment
) -> None:
    comment_and_tell(shared_entry, instructor, "Lovely noticing.")
    message_and_tell(enrolment, instructor, "How is your back this week?")
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save()
    deliver_queued_mail()
    assert mail.outbox == []
