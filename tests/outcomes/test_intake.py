"""The intake before class 1, as the participant meets it: reachable at once, plain about who
sees it, and saying straight away what a warning sign or a "talk first" answer calls for."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course.models import Enrolment
from outcomes import intake
from outcomes.models import IntakeReview, Item, Response
from outcomes.selectors import intake_markers, needs_medical_advice
from tests.support.factories import EnrolmentFactory
from tests.support.intake import (
    CLINICIAN,
    DEPRESSION,
    PTSD,
    WARNING_SIGNS,
    YES_NO,
    send_intake,
)

pytestmark = pytest.mark.django_db

MEDICAL = "Please see a doctor before the movement practices"
TALK = "Your instructor will offer a short talk"


def url(enrolment: Enrolment) -> str:
    return reverse("outcomes:questionnaire", args=[enrolment.public_id, "intake"])


def answers(yes: tuple[int, ...] = (), **overrides: object) -> dict[str, object]:
    items = {i.position: i for i in Item.objects.filter(instrument__slug="intake")}
    data: dict[str, object] = {f"item_{items[n].pk}": int(n in yes) for n in YES_NO}
    data[f"item_{items[1].pk}"] = "To cope with back pain at work."
    data["action"] = "submit"
    return {**data, **overrides}


def test_the_intake_is_listed_and_bannered_straight_after_joining(
    sam: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    listing = sam.get(reverse("outcomes:list")).content.decode()
    assert url(new_enrolment) in listing
    dashboard = sam.get(reverse("home")).content.decode()
    assert "A questionnaire is waiting for you" in dashboard
    assert url(new_enrolment) in dashboard


def test_the_page_says_who_sees_the_answers_that_yes_excludes_nobody_and_why_each_is_asked(
    sam: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    page = sam.get(url(new_enrolment)).content.decode()
    assert "Only the instructors of your cohort can read your answers" in page
    assert "Answering yes to any question excludes nobody" in page
    for item in Item.objects.filter(instrument__slug="intake"):
        assert item.help_text.startswith(("We ask", "This and", "A warning sign")), item
        assert item.help_text in page.replace("&#x27;", "'")


def test_a_warning_sign_shows_the_medical_message_as_soon_as_it_is_sent(
    sam: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    response = sam.post(url(new_enrolment), answers(yes=(WARNING_SIGNS[2],)), follow=True)
    assert response.redirect_chain == [(url(new_enrolment), 302)]
    page = response.content.decode()
    assert MEDICAL in page
    assert TALK not in page
    assert needs_medical_advice(new_enrolment)


def test_a_talk_first_answer_says_a_talk_is_offered_and_refuses_nothing(
    sam: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    page = sam.post(url(new_enrolment), answers(yes=(PTSD,)), follow=True).content.decode()
    assert TALK in page
    assert "excludes nobody" in page
    assert MEDICAL not in page
    new_enrolment.refresh_from_db()
    assert new_enrolment.status == Enrolment.Status.ACTIVE
    assert intake_markers([new_enrolment.pk]) == {new_enrolment.pk: "Talk before class 1"}


def test_all_no_raises_nothing(sam: Client, new_enrolment: Enrolment, instruments: None) -> None:
    page = sam.post(url(new_enrolment), answers(yes=(CLINICIAN,)), follow=True).content.decode()
    assert MEDICAL not in page
    assert TALK not in page
    assert intake_markers([new_enrolment.pk]) == {}
    assert not needs_medical_advice(new_enrolment)


def test_sending_needs_every_yes_no_question_and_says_so_beside_it(
    sam: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    item = Item.objects.get(instrument__slug="intake", position=DEPRESSION)
    data = answers()
    del data[f"item_{item.pk}"]
    response = sam.post(url(new_enrolment), data)
    assert response.status_code == 200
    assert "Answer this question to send" in response.content.decode()
    assert not Response.objects.filter(status="submitted").exists()


def test_another_participant_cannot_open_or_answer_someone_elses_intake(
    client: Client, new_enrolment: Enrolment, participant: User, instruments: None
) -> None:
    client.force_login(participant)
    assert client.get(url(new_enrolment)).status_code == 404
    assert client.post(url(new_enrolment), answers(yes=(DEPRESSION,))).status_code == 404
    assert not Response.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    response = client.get(url(new_enrolment))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_decision_resolves_the_marker_and_the_medical_note_but_notes_alone_do_not(
    new_enrolment: Enrolment, instructor: User, instruments: None
) -> None:
    send_intake(new_enrolment, yes=(DEPRESSION, WARNING_SIGNS[0]))
    assert intake.open_flags([new_enrolment.pk]) == {
        new_enrolment.pk: {intake.TALK_FIRST, intake.MEDICAL_ADVICE}
    }
    IntakeReview.objects.create(enrolment=new_enrolment, author=instructor, notes="Phoned.")
    assert needs_medical_advice(new_enrolment)
    IntakeReview.objects.create(
        enrolment=new_enrolment, author=instructor, decision=IntakeReview.Decision.NOT_NOW
    )
    assert intake_markers([new_enrolment.pk]) == {}
    assert not needs_medical_advice(new_enrolment)
    new_enrolment.refresh_from_db()
    assert new_enrolment.status == Enrolment.Status.ACTIVE  # "not now" changes no enrolment


def test_the_markers_cost_one_query_for_any_number_of_people(
    new_enrolment: Enrolment, instruments: None
) -> None:
    others = [EnrolmentFactory(cohort=new_enrolment.cohort) for _ in range(6)]
    for n, person in enumerate([new_enrolment, *others]):
        send_intake(person, yes=(DEPRESSION,) if n % 2 else ())
    with CaptureQueriesContext(connection) as queries:
        found = intake_markers([e.pk for e in [new_enrolment, *others]])
    assert len(queries) == 1
    assert set(found) == {others[0].pk, others[2].pk, others[4].pk}
