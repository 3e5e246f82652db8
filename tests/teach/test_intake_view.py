"""The instructor's intake page: who answered, the neutral marker, and the recorded decision."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccessRecord, User
from course.models import Cohort, Enrolment
from outcomes.models import IntakeReview
from tests.support.factories import EnrolmentFactory
from tests.support.intake import DEPRESSION, WARNING_SIGNS, load_intake, send_intake

pytestmark = pytest.mark.django_db

MARKER = "Talk before class 1"


@pytest.fixture(autouse=True)
def _intake(db: None) -> None:
    load_intake()


def list_url(cohort: Cohort) -> str:
    return reverse("teach:intake", args=[cohort.public_id])


def detail_url(cohort: Cohort, enrolment: Enrolment) -> str:
    return reverse("teach:intake_detail", args=[cohort.public_id, enrolment.public_id])


def test_the_list_shows_who_answered_who_not_and_the_marker(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment, second_participant: User
) -> None:
    send_intake(enrolment, yes=(DEPRESSION,))
    page = signed_in.get(list_url(cohort)).content.decode()
    assert "1 of 2 answered" in page
    pat, robin = page.index("Pat"), page.index("Robin")
    assert "✓ Answered" in page[pat:robin]
    assert MARKER in page[pat:robin]
    assert "Not answered yet" in page[robin:]
    assert MARKER not in page[robin:]
    assert "not a diagnosis" in page


def test_the_detail_shows_the_answers_and_which_ones_suggest_a_talk(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    send_intake(enrolment, yes=(WARNING_SIGNS[4],))
    page = signed_in.get(detail_url(cohort, enrolment)).content.decode()
    assert "Did your back pain start after a fall or an accident?" in page
    assert "Sleep better." in page
    assert page.count("suggests a talk") == 1
    assert "A back-pain warning sign was answered yes" in page


def test_a_decision_is_recorded_with_author_and_date_and_clears_the_roster_marker(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment, instructor: User
) -> None:
    send_intake(enrolment, yes=(DEPRESSION,))
    roster = reverse("teach:roster", args=[cohort.public_id])
    assert MARKER in signed_in.get(roster).content.decode()

    notes_only = signed_in.post(detail_url(cohort, enrolment), {"notes": "Left a message."})
    assert notes_only.status_code == 302
    assert MARKER in signed_in.get(roster).content.decode()  # a note is not a decision

    response = signed_in.post(
        detail_url(cohort, enrolment), {"decision": "go_ahead", "notes": "Talked; all fine."}
    )
    assert response.status_code == 302
    review = IntakeReview.objects.get(decision="go_ahead")
    assert (review.author, review.enrolment, review.notes) == (
        instructor,
        enrolment,
        "Talked; all fine.",
    )
    assert MARKER not in signed_in.get(roster).content.decode()
    page = signed_in.get(detail_url(cohort, enrolment)).content.decode()
    assert "Current decision: <strong>Discussed: go ahead</strong>" in page
    assert "Left a message." in page  # earlier notes are kept, not overwritten
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


def test_an_empty_or_invalid_review_is_refused_beside_the_form(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    empty = signed_in.post(detail_url(cohort, enrolment), {"notes": "  "})
    assert empty.status_code == 200
    assert "Write a note or choose a decision" in empty.content.decode()
    odd = signed_in.post(detail_url(cohort, enrolment), {"decision": "approve"})
    assert odd.status_code == 200
    assert "Select a valid choice" in odd.content.decode()
    assert not IntakeReview.objects.exists()


@pytest.mark.parametrize("who", ["participant", "second_participant", "other_instructor"])
def test_answers_are_refused_to_anyone_but_the_cohorts_instructors(
    client: Client, cohort: Cohort, enrolment: Enrolment, who: str, request: pytest.FixtureRequest
) -> None:
    send_intake(enrolment, yes=(DEPRESSION,))
    client.force_login(request.getfixturevalue(who))
    assert client.get(list_url(cohort)).status_code == 404
    assert client.get(detail_url(cohort, enrolment)).status_code == 404
    posted = client.post(detail_url(cohort, enrolment), {"decision": "go_ahead"})
    assert posted.status_code == 404
    assert not IntakeReview.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, cohort: Cohort, enrolment: Enrolment
) -> None:
    for url in (list_url(cohort), detail_url(cohort, enrolment)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_another_cohorts_participant_is_not_found_through_this_cohort(
    signed_in: Client, cohort: Cohort, other_cohort: Cohort
) -> None:
    stranger = EnrolmentFactory(cohort=other_cohort)
    assert signed_in.get(detail_url(cohort, stranger)).status_code == 404


def test_the_list_costs_the_same_queries_for_3_and_15_participants(
    signed_in: Client, cohort: Cohort
) -> None:
    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(list_url(cohort)).status_code == 200
        return len(queries)

    for n in range(3):
        send_intake(EnrolmentFactory(cohort=cohort), yes=(DEPRESSION,) if n else ())
    small = cost()
    for n in range(12):
        person = EnrolmentFactory(cohort=cohort)
        if n % 3:
            send_intake(person, yes=(DEPRESSION,))
        IntakeReview.objects.create(enrolment=person, author=cohort.instructors.get(), notes="x")
    assert cost() == small


def test_reading_the_intake_and_deciding_are_in_the_participants_access_log(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment, instructor: User
) -> None:
    send_intake(enrolment, yes=(DEPRESSION,))
    signed_in.get(detail_url(cohort, enrolment))
    signed_in.post(detail_url(cohort, enrolment), {"decision": "go_ahead", "notes": "Fine."})
    rows = list(
        AccessRecord.objects.filter(subject=enrolment.participant).values_list("viewer", "what")
    )
    assert (instructor.pk, AccessRecord.What.INTAKE) in rows
    assert (instructor.pk, AccessRecord.What.INTAKE_REVIEW) in rows
