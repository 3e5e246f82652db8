"""Every instructor URL refuses the anonymous, participants, and the instructor of another cohort."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, Enrolment, Invitation
from homework.models import PracticeLog

pytestmark = pytest.mark.django_db


def instructor_urls(
    cohort: Cohort, enrolment: Enrolment, invitation: Invitation
) -> list[tuple[str, str]]:
    """(method, url) for every page under /teach/ that belongs to `cohort`."""
    session = cohort.sessions.first()
    c = cohort.public_id
    return [
        ("get", reverse("teach:roster", args=[c])),
        ("get", reverse("teach:cohort_edit", args=[c])),
        ("post", reverse("teach:cohort_edit", args=[c])),
        ("get", reverse("teach:schedule", args=[c])),
        ("post", reverse("teach:schedule", args=[c])),
        ("get", reverse("teach:targets", args=[c])),
        ("post", reverse("teach:targets", args=[c])),
        ("get", reverse("teach:clone", args=[c])),
        ("post", reverse("teach:clone", args=[c])),
        ("get", reverse("teach:invitations", args=[c])),
        ("post", reverse("teach:invitations", args=[c])),
        ("post", reverse("teach:invitation_resend", args=[c, invitation.public_id])),
        ("post", reverse("teach:invitation_revoke", args=[c, invitation.public_id])),
        ("get", reverse("teach:participant", args=[c, enrolment.public_id])),
        ("post", reverse("teach:comment", args=[c, enrolment.public_id])),
        ("post", reverse("teach:message", args=[c, enrolment.public_id])),
        ("get", reverse("teach:attendance", args=[c, session.public_id])),
        ("post", reverse("teach:attendance", args=[c, session.public_id])),
        ("get", reverse("teach:announcements", args=[c])),
        ("post", reverse("teach:announcements", args=[c])),
        ("get", reverse("teach:export_weeks", args=[c])),
        ("get", reverse("teach:export_entries", args=[c])),
        ("get", reverse("teach:intake", args=[c])),
        ("get", reverse("teach:intake_detail", args=[c, enrolment.public_id])),
        ("post", reverse("teach:intake_detail", args=[c, enrolment.public_id])),
    ]


GLOBAL_URLS = [
    ("get", "teach:home"),
    ("get", "teach:cohort_create"),
    ("post", "teach:cohort_create"),
]


@pytest.fixture
def urls(cohort: Cohort, enrolment: Enrolment, invitation: Invitation) -> list[tuple[str, str]]:
    return instructor_urls(cohort, enrolment, invitation)


def test_the_instructor_of_the_cohort_reaches_every_page(
    client: Client, instructor: User, urls: list[tuple[str, str]]
) -> None:
    client.force_login(instructor)
    for method, url in urls:
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_sign_in_from_every_page(
    client: Client, urls: list[tuple[str, str]]
) -> None:
    for method, url in [*urls, *((m, reverse(name)) for m, name in GLOBAL_URLS)]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_a_participant_reaches_no_instructor_page(
    client: Client, participant: User, urls: list[tuple[str, str]]
) -> None:
    client.force_login(participant)
    for method, url in [*urls, *((m, reverse(name)) for m, name in GLOBAL_URLS)]:
        assert getattr(client, method)(url).status_code == 404, url


def test_another_cohorts_instructor_gets_not_found_and_changes_nothing(
    client: Client,
    other_instructor: User,
    other_cohort: Cohort,
    urls: list[tuple[str, str]],
    invitation: Invitation,
    cohort: Cohort,
) -> None:
    client.force_login(other_instructor)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert invitation.send_count == 1


def test_an_instructor_cannot_reach_another_cohorts_participant_through_their_own_cohort(
    client: Client, other_instructor: User, other_cohort: Cohort, enrolment: Enrolment
) -> None:
    # Mixing ids: the intruder's own cohort with a participant of someone else's.
    client.force_login(other_instructor)
    url = reverse("teach:participant", args=[other_cohort.public_id, enrolment.public_id])
    assert client.get(url).status_code == 404


def test_the_home_page_lists_only_the_cohorts_someone_teaches(
    client: Client, instructor: User, cohort: Cohort, other_cohort: Cohort
) -> None:
    client.force_login(instructor)
    page = client.get(reverse("teach:home")).content.decode()
    assert cohort.title in page
    assert other_cohort.title not in page


def test_a_private_entry_never_shows_on_the_participant_page(
    client: Client, instructor: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    from course.models import Practice

    body_scan = Practice.objects.get(slug="body-scan")
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=body_scan,
        practised_on=cohort.start_date,
        minutes=30,
        note="my private thoughts",
        shared_with_instructors=False,
    )
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=body_scan,
        practised_on=cohort.start_date,
        minutes=20,
        note="happy to share this",
        shared_with_instructors=True,
    )
    client.force_login(instructor)
    page = client.get(reverse("teach:participant", args=[cohort.public_id, enrolment.public_id]))
    text = page.content.decode()
    assert "happy to share this" in text
    assert "my private thoughts" not in text
    export = b"".join(
        client.get(reverse("teach:export_entries", args=[cohort.public_id])).streaming_content
    ).decode("utf-8-sig")
    assert "happy to share this" in export
    assert "my private thoughts" not in export
