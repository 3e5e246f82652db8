"""What instructors send reaches the participant's own pages, and only theirs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import CalendarKind, Cohort, Enrolment
from homework.models import CalendarEntry, InstructorComment
from teach.actions import announce

pytestmark = pytest.mark.django_db


def test_an_announcement_shows_on_the_recipients_dashboard_only(
    client: Client,
    participant: User,
    second_participant: User,
    instructor: User,
    cohort: Cohort,
    enrolment: Enrolment,
) -> None:
    announce(
        cohort,
        instructor,
        subject="Room change",
        body="We meet in room 4 on Tuesday.",
        audience_choice="everyone",
        recipients=[enrolment],
    )
    client.force_login(participant)
    page = client.get(reverse("home")).content.decode()
    assert "From your instructor" in page
    assert "We meet in room 4 on Tuesday." in page
    client.force_login(second_participant)
    assert "Room change" not in client.get(reverse("home")).content.decode()


def test_a_comment_on_a_shared_entry_shows_on_that_weeks_page(
    pat: Client, instructor: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    entry = CalendarEntry.objects.create(
        enrolment=enrolment,
        kind=CalendarKind.PLEASANT,
        occurred_on=cohort.start_date,
        event="tea",
        shared_with_instructors=True,
    )
    InstructorComment.objects.create(
        enrolment=enrolment,
        week=1,
        author=instructor,
        calendar_entry=entry,
        text="Lovely noticing.",
    )
    assert "Lovely noticing." in pat.get(reverse("homework:week", args=[1])).content.decode()
    assert "Lovely noticing." not in pat.get(reverse("homework:week", args=[2])).content.decode()
    entry.shared_with_instructors = False
    entry.save()
    assert "Lovely noticing." not in pat.get(reverse("homework:week", args=[1])).content.decode()


def test_an_instructor_lands_on_their_teaching_home(client: Client, instructor: User) -> None:
    client.force_login(instructor)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("teach:home")
