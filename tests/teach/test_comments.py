"""Instructor comments on shared entries, and the participant's view of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course.models import CalendarKind, Cohort, Enrolment, Practice
from homework.models import CalendarEntry, InstructorComment, PracticeLog
from homework.selectors import comments_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_log(enrolment: Enrolment, cohort: Cohort) -> PracticeLog:
    return PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="body-scan"),
        practised_on=cohort.start_date + dt.timedelta(days=8),
        minutes=40,
        note="restless today",
        shared_with_instructors=True,
    )


def comment(
    client: Client,
    cohort: Cohort,
    enrolment: Enrolment,
    entry: str,
    text: str = "Thank you for noticing.",
) -> HttpResponse:
    return client.post(
        reverse("teach:comment", args=[cohort.public_id, enrolment.public_id]),
        {"entry": entry, "text": text},
    )


def test_an_instructor_comments_on_a_shared_entry_and_the_participant_sees_it_in_that_week(
    client: Client, instructor: User, cohort: Cohort, enrolment: Enrolment, shared_log: PracticeLog
) -> None:
    client.force_login(instructor)
    response = comment(client, cohort, enrolment, f"log:{shared_log.public_id}")
    assert response.status_code == 302
    with CaptureQueriesContext(connection) as queries:
        week_two = list(comments_for(enrolment, 2))
    assert len(queries) == 1
    assert [c.text for c in week_two] == ["Thank you for noticing."]
    assert not comments_for(enrolment, 1).exists()
    html = render_to_string("homework/_comments.html", {"comments": week_two})
    assert "Thank you for noticing." in html
    assert "Body scan" in html
    assert "Teacher" in html
    page = client.get(reverse("teach:participant", args=[cohort.public_id, enrolment.public_id]))
    assert "Thank you for noticing." in page.content.decode()


def test_a_private_entry_cannot_be_commented_on(
    client: Client, instructor: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    private = CalendarEntry.objects.create(
        enrolment=enrolment,
        kind=CalendarKind.PLEASANT,
        occurred_on=cohort.start_date,
        event="secret",
    )
    client.force_login(instructor)
    assert comment(client, cohort, enrolment, f"cal:{private.public_id}").status_code == 404
    assert comment(client, cohort, enrolment, "cal:not-a-uuid").status_code == 404
    assert comment(client, cohort, enrolment, "zzz:whatever").status_code == 404
    assert not InstructorComment.objects.exists()


def test_a_comment_disappears_if_the_entry_is_made_private_again(
    client: Client, instructor: User, cohort: Cohort, enrolment: Enrolment, shared_log: PracticeLog
) -> None:
    client.force_login(instructor)
    comment(client, cohort, enrolment, f"log:{shared_log.public_id}")
    shared_log.shared_with_instructors = False
    shared_log.save()
    assert not comments_for(enrolment, 2).exists()


def test_an_empty_comment_is_refused(
    client: Client, instructor: User, cohort: Cohort, enrolment: Enrolment, shared_log: PracticeLog
) -> None:
    client.force_login(instructor)
    response = comment(client, cohort, enrolment, f"log:{shared_log.public_id}", text="")
    assert response.status_code == 302
    assert not InstructorComment.objects.exists()


def test_an_instructor_cannot_comment_on_another_cohorts_participant(
    client: Client,
    other_instructor: User,
    other_cohort: Cohort,
    enrolment: Enrolment,
    shared_log: PracticeLog,
) -> None:
    client.force_login(other_instructor)
    assert (
        comment(client, other_cohort, enrolment, f"log:{shared_log.public_id}").status_code == 404
    )
    assert not InstructorComment.objects.exists()
