"""Announcements: stored, e-mailed now, and readable on the participant's dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course.models import Announcement, Cohort, Enrolment, Practice
from course.selectors import announcements_for as for_enrolment
from homework.models import PracticeLog
from tests.support.mail import deliver_queued_mail

pytestmark = pytest.mark.django_db


def post(client: Client, cohort: Cohort, audience: str = "everyone") -> HttpResponse:
    return client.post(
        reverse("teach:announcements", args=[cohort.public_id]),
        {
            "audience": audience,
            "subject": "Room change",
            "body": "We meet in room 4 on Tuesday.",
            "action": "send",
        },
    )


def test_an_announcement_is_stored_emailed_and_shown_to_everyone(
    client: Client, instructor: User, cohort: Cohort, participant: User, second_participant: User
) -> None:
    client.force_login(instructor)
    assert post(client, cohort).status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.recipients.count() == 2
    assert deliver_queued_mail() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["pat@example.org", "robin@example.org"]
    assert mail.outbox[0].subject == "Spring cohort: Room change"
    assert "room 4" in mail.outbox[0].body
    assert "room 4" in mail.outbox[0].alternatives[0][0]
    enrolment = Enrolment.objects.get(participant=participant)
    with CaptureQueriesContext(connection) as queries:
        shown = list(for_enrolment(enrolment))
    assert len(queries) == 1
    assert [a.subject for a in shown] == ["Room change"]
    html = render_to_string("course/_announcements.html", {"announcements": shown})
    assert "Room change" in html
    assert "We meet in room 4 on Tuesday." in html


def test_an_announcement_to_flagged_participants_reaches_only_them(
    client: Client, instructor: User, cohort: Cohort, participant: User, second_participant: User
) -> None:
    # Pat practised yesterday; Robin has logged nothing since the course began 15 days ago.
    pat = Enrolment.objects.get(participant=participant)
    PracticeLog.objects.create(
        enrolment=pat,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=cohort.local_today() - dt.timedelta(days=1),
        minutes=45,
    )
    for week_day in range(14):  # and enough in weeks 1 and 2 not to be flagged for adherence
        PracticeLog.objects.create(
            enrolment=pat,
            practice=Practice.objects.get(slug="body-scan"),
            practised_on=cohort.start_date + dt.timedelta(days=week_day),
            minutes=60,
        )
    client.force_login(instructor)
    post(client, cohort, "flagged")
    deliver_queued_mail()
    assert [m.to[0] for m in mail.outbox] == ["robin@example.org"]
    assert not list(for_enrolment(pat))


def test_an_empty_announcement_is_refused_beside_its_fields(
    client: Client, instructor: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    client.force_login(instructor)
    response = client.post(
        reverse("teach:announcements", args=[cohort.public_id]), {"audience": "everyone"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"subject", "body"}
    assert not Announcement.objects.exists()
    deliver_queued_mail()
    assert not mail.outbox


def test_the_preview_shows_the_email_and_its_recipients_and_sends_nothing(
    signed_in: Client, cohort: Cohort, participant: User, second_participant: User
) -> None:
    url = reverse("teach:announcements", args=[cohort.public_id])
    form_page = signed_in.get(url).content.decode()
    assert 'value="preview"' in form_page
    data = {"audience": "everyone", "subject": "Room change", "body": "Room 4 on Tuesday."}
    response = signed_in.post(url, {**data, "action": "preview"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check before sending" in page
    assert "To 2 participants" in page
    assert "<li>Pat</li>" in page
    assert "<li>Robin</li>" in page
    assert "Spring cohort: Room change" in page  # the subject line as sent
    assert "Hello Pat," in page
    assert "Room 4 on Tuesday." in page
    # The first recipient's own unsubscribe link is never shown to the instructor.
    assert "/notifications/unsubscribe/" not in page
    assert "[their own unsubscribe link]" in page
    assert 'name="action" value="send"' in page
    assert 'name="action" value="edit"' in page
    assert not Announcement.objects.exists()
    assert deliver_queued_mail() == 0
    # Edit: back to the form, everything kept.
    edit = signed_in.post(url, {**data, "action": "edit"}).content.decode()
    assert 'value="Room change"' in edit
    assert "Room 4 on Tuesday." in edit
    assert not Announcement.objects.exists()


def test_send_after_preview_goes_to_exactly_the_people_previewed(
    signed_in: Client, cohort: Cohort, participant: User, second_participant: User
) -> None:
    url = reverse("teach:announcements", args=[cohort.public_id])
    pat = Enrolment.objects.get(participant=participant)
    robin = Enrolment.objects.get(participant=second_participant)
    data = {"audience": "everyone", "subject": "Hi", "body": "Hello all."}
    signed_in.post(url, {**data, "action": "preview"})
    # Robin withdraws between the preview and the click on Send: only Pat is left to get it.
    robin.status = Enrolment.Status.WITHDRAWN
    robin.save()
    response = signed_in.post(
        url, {**data, "action": "send", "recipients": [str(pat.public_id), str(robin.public_id)]}
    )
    assert response.status_code == 302
    assert list(Announcement.objects.get().recipients.all()) == [pat]


def test_send_to_a_chosen_subset_reaches_only_them(
    signed_in: Client,
    client: Client,
    cohort: Cohort,
    participant: User,
    second_participant: User,
) -> None:
    url = reverse("teach:announcements", args=[cohort.public_id])
    robin = Enrolment.objects.get(participant=second_participant)
    page = signed_in.get(url).content.decode()
    assert f'value="{robin.public_id}"' in page  # a checkbox per participant
    assert "Only the participants I choose" in page
    data = {
        "audience": "chosen",
        "chosen": [str(robin.public_id)],
        "subject": "Just you",
        "body": "A note for Robin.",
    }
    preview = signed_in.post(url, {**data, "action": "preview"}).content.decode()
    assert "To 1 participant" in preview
    assert "<li>Robin</li>" in preview
    assert "<li>Pat</li>" not in preview
    assert signed_in.post(url, {**data, "action": "send"}).status_code == 302
    deliver_queued_mail()
    assert [m.to for m in mail.outbox] == [["robin@example.org"]]
    announcement = Announcement.objects.get()
    assert announcement.audience == "chosen"
    client.force_login(participant)
    assert "A note for Robin." not in client.get(reverse("home")).content.decode()
    client.force_login(second_participant)
    assert "A note for Robin." in client.get(reverse("home")).content.decode()


def test_choosing_nobody_or_someone_from_another_cohort_is_refused_beside_the_field(
    signed_in: Client, cohort: Cohort, participant: User, other_cohort: Cohort
) -> None:
    from tests.support.factories import EnrolmentFactory, UserFactory

    stranger = EnrolmentFactory(cohort=other_cohort, participant=UserFactory())
    url = reverse("teach:announcements", args=[cohort.public_id])
    data = {"audience": "chosen", "subject": "Hi", "body": "Hello", "action": "send"}
    response = signed_in.post(url, data)
    assert response.status_code == 200
    assert "chosen" in response.context["form"].errors
    response = signed_in.post(url, {**data, "chosen": [str(stranger.public_id)]})
    assert response.status_code == 200
    assert "chosen" in response.context["form"].errors
    assert not Announcement.objects.exists()


def test_another_cohorts_instructor_can_neither_preview_nor_send(
    client: Client, cohort: Cohort, participant: User, other_instructor: User
) -> None:
    client.force_login(other_instructor)
    url = reverse("teach:announcements", args=[cohort.public_id])
    data = {"audience": "everyone", "subject": "Hi", "body": "Hello"}
    for action in ("preview", "send", "edit"):
        assert client.post(url, {**data, "action": action}).status_code == 404
    assert not Announcement.objects.exists()
