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
        {"audience": audience, "subject": "Room change", "body": "We meet in room 4 on Tuesday."},
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
