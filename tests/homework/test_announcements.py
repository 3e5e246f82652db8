"""Announcements on the participant's side: dismissed from the dashboard once read, all kept on
their own page, and nobody else's reachable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from course import freshness
from course.models import Announcement, AnnouncementDismissal, Cohort, Enrolment
from homework.announcement_views import PER_PAGE
from tests.support.factories import EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def announce(cohort: Cohort, subject: str, *to: Enrolment, ago: int = 0) -> Announcement:
    announcement = Announcement.objects.create(
        cohort=cohort,
        subject=subject,
        body=f"About {subject}.",
        created_at=timezone.now() - dt.timedelta(hours=ago),
    )
    announcement.recipients.add(*to)
    return announcement


def dismiss(client: Client, announcement: Announcement) -> int:
    url = reverse("homework:dismiss_announcement", args=[announcement.public_id])
    return client.post(url).status_code


def test_a_dismissed_announcement_leaves_the_dashboard_but_stays_on_its_page(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    room = announce(cohort, "Room change", enrolment)
    announce(cohort, "Bring a blanket", enrolment, ago=1)
    dashboard = pat.get(reverse("home")).content.decode()
    assert "Room change" in dashboard
    assert (
        f'action="{reverse("homework:dismiss_announcement", args=[room.public_id])}"' in dashboard
    )

    response = pat.post(reverse("homework:dismiss_announcement", args=[room.public_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    dashboard = pat.get(reverse("home")).content.decode()
    assert "Room change" not in dashboard
    assert "Bring a blanket" in dashboard  # the other one is still there

    page = pat.get(reverse("homework:announcements")).content.decode()
    assert page.index("Room change") < page.index("Bring a blanket")  # newest first


def test_dismissing_twice_is_dismissing_once(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    room = announce(cohort, "Room change", enrolment)
    assert dismiss(pat, room) == 302
    assert dismiss(pat, room) == 302
    assert AnnouncementDismissal.objects.filter(announcement=room).count() == 1


def test_dismissing_is_per_participant(
    client: Client,
    participant: User,
    second_participant: User,
    enrolment: Enrolment,
    cohort: Cohort,
) -> None:
    robin = second_participant.enrolments.get()
    room = announce(cohort, "Room change", enrolment, robin)
    client.force_login(participant)
    dismiss(client, room)
    client.force_login(second_participant)
    assert "Room change" in client.get(reverse("home")).content.decode()


def test_dismissing_needs_a_post(pat: Client, enrolment: Enrolment, cohort: Cohort) -> None:
    room = announce(cohort, "Room change", enrolment)
    response = pat.get(reverse("homework:dismiss_announcement", args=[room.public_id]))
    assert response.status_code == 405
    assert not AnnouncementDismissal.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    room = announce(cohort, "Room change", enrolment)
    for response in (
        client.get(reverse("homework:announcements")),
        client.post(reverse("homework:dismiss_announcement", args=[room.public_id])),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not AnnouncementDismissal.objects.exists()


def test_another_participant_cannot_dismiss_mine_or_read_it(
    client: Client, second_participant: User, enrolment: Enrolment, cohort: Cohort
) -> None:
    # Only Pat received this one (the flagged audience, say), though Robin is in the cohort.
    mine = announce(cohort, "Just for Pat", enrolment)
    client.force_login(second_participant)
    assert dismiss(client, mine) == 404
    assert not AnnouncementDismissal.objects.exists()
    assert "Just for Pat" not in client.get(reverse("homework:announcements")).content.decode()


def test_another_cohorts_announcements_are_not_shown_or_dismissable(
    pat: Client, enrolment: Enrolment, other_cohort: Cohort
) -> None:
    theirs = EnrolmentFactory(cohort=other_cohort, participant=UserFactory(email="sam@example.org"))
    elsewhere = announce(other_cohort, "Other cohort news", theirs)
    assert "Other cohort news" not in pat.get(reverse("homework:announcements")).content.decode()
    assert dismiss(pat, elsewhere) == 404
    assert not AnnouncementDismissal.objects.exists()


def test_an_instructor_without_a_course_has_no_announcements_page(
    client: Client, instructor: User
) -> None:
    client.force_login(instructor)
    assert client.get(reverse("homework:announcements"))["Location"] == reverse("home")


def test_the_announcements_page_is_paged_newest_first(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    for n in range(PER_PAGE + 2):
        announce(cohort, f"Notice number {n:02d}", enrolment, ago=n)
    first = pat.get(reverse("homework:announcements")).content.decode()
    assert "Notice number 00" in first
    assert f"Notice number {PER_PAGE - 1:02d}" in first
    assert f"Notice number {PER_PAGE:02d}" not in first
    assert "Older announcements" in first
    second = pat.get(reverse("homework:announcements"), {"page": 2}).content.decode()
    assert f"Notice number {PER_PAGE + 1:02d}" in second
    assert "Notice number 00" not in second
    # A page number that is not one shows a real page, not an error.
    assert pat.get(reverse("homework:announcements"), {"page": "x"}).status_code == 200
    assert pat.get(reverse("homework:announcements"), {"page": 99}).status_code == 200


@pytest.mark.parametrize("url", ["home", "homework:announcements"])
def test_query_counts_stay_flat_with_many_announcements_and_dismissals(
    pat: Client, enrolment: Enrolment, cohort: Cohort, url: str
) -> None:
    first = announce(cohort, "The first", enrolment)
    pat.get(reverse(url))  # warm caches (content types, sessions)
    freshness.enrolments_changed([enrolment.pk])  # as after any write: nothing of theirs kept
    with CaptureQueriesContext(connection) as one:
        assert pat.get(reverse(url)).status_code == 200
    with CaptureQueriesContext(connection) as one_kept:
        assert pat.get(reverse(url)).status_code == 200
    for n in range(30):
        later = announce(cohort, f"Later {n}", enrolment, ago=-n - 1)
        if n % 2:
            later.dismiss_for(enrolment)
    first.dismiss_for(enrolment)
    with CaptureQueriesContext(connection) as many:
        page = pat.get(reverse(url)).content.decode()
    with CaptureQueriesContext(connection) as many_kept:
        assert pat.get(reverse(url)).status_code == 200
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
    assert len(many_kept) == len(one_kept), [q["sql"] for q in many_kept.captured_queries]
    if url == "home":
        assert page.count("<article") == 5  # bounded: the five newest not dismissed
        assert "Later 28" in page
        assert "Later 29" not in page  # dismissed
