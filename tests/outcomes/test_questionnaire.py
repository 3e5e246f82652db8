"""Answering a questionnaire: validation, drafts, sending, and sent answers kept as they were."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, Enrolment
from outcomes.models import Answer, CohortOutcomeSettings, Item, Response
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.outcomes import wording_file

pytestmark = pytest.mark.django_db

NUMERIC = ["pain-intensity", "pain-bothersomeness", "pain-interference", "stress"]


def url(enrolment: Enrolment, point: str = "baseline") -> str:
    return reverse("outcomes:questionnaire", args=[enrolment.public_id, point])


def name(slug: str, position: int = 1) -> str:
    return f"item_{Item.objects.get(instrument__slug=slug, position=position).pk}"


def complete(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {name(slug): n + 3 for n, slug in enumerate(NUMERIC)}
    data[name("course-goals")] = "Sleep better; sit through a meeting without pain."
    data["action"] = "submit"
    return {**data, **overrides}


def test_the_baseline_is_listed_and_can_be_sent_before_class_1(
    sam: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    listing = sam.get(reverse("outcomes:list"))
    assert listing.status_code == 200
    assert url(new_enrolment) in listing.content.decode()

    response = sam.post(url(new_enrolment), complete())
    assert response.status_code == 302
    assert response["Location"] == reverse("outcomes:list")
    sent = Response.objects.filter(enrolment=new_enrolment, time_point="baseline")
    assert sent.count() == 5
    assert all(r.is_submitted and r.submitted_at for r in sent)
    stress = Answer.objects.get(response__enrolment=new_enrolment, item__instrument__slug="stress")
    assert stress.value == 6
    goals = Answer.objects.get(item__instrument__slug="course-goals")
    assert goals.text.startswith("Sleep better")
    assert (
        url(new_enrolment)
        not in sam.get(reverse("outcomes:list")).content.decode().split("Sent")[0]
    )


def test_the_form_is_accessible_without_javascript(
    sam: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    html = sam.get(url(new_enrolment)).content.decode()
    assert "<script" not in html
    # One fieldset with a legend per rated item, each answer a labelled radio button.
    assert html.count("<fieldset") == 4
    assert html.count("<legend>") == 4
    assert (
        "Over the past seven days, how much did back pain interfere with your daily activities?"
        in html
    )
    radios = re.findall(r'<input type="radio"[^>]*id="([^"]+)"', html)
    assert len(radios) == 44
    assert all(f'for="{r}"' in html for r in radios)
    # The end labels are written out, not left to colour or position.
    assert "0 = No pain at all, 10 = The worst pain you can imagine" in html
    assert f'<label for="id_{name("course-goals")}">' in html
    # Only the goals are optional, and the page says so only there.
    assert "(optional)" not in html
    assert html.count("Optional.") == 1
    assert 'value="draft"' in html
    assert "Save and finish later" in html


@pytest.mark.parametrize("bad", ["11", "-1", "seven", "3.5"])
def test_an_answer_outside_the_scale_is_refused_next_to_the_field(
    sam: Client, new_enrolment: Enrolment, instruments: None, bad: str
) -> None:
    field = name("stress")
    response = sam.post(url(new_enrolment), complete(**{field: bad}))
    assert response.status_code == 200
    html = response.content.decode()
    error = f'id="id_{field}_errors"'
    assert error in html
    assert "Choose one of the answers from 0 to 10." in html
    # The message sits inside the stress item's own fieldset.
    stress_block = html.split(error)[0].rsplit("<fieldset", 1)[1]
    assert "how stressed have you felt" in stress_block
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_a_draft_is_kept_and_then_sent(
    sam: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    first = {name("pain-intensity"): 4, name("stress"): 7, "action": "draft"}
    assert sam.post(url(new_enrolment), first).status_code == 302
    drafts = Response.objects.filter(enrolment=new_enrolment)
    assert {r.status for r in drafts} == {"draft"}
    assert Answer.objects.count() == 2

    page = sam.get(url(new_enrolment)).content.decode()
    assert re.search(rf'name="{name("stress")}" value="7"[^>]*checked', page)

    # Sending with questions left open shows what is missing and keeps the draft.
    partial = {**first, "action": "submit"}
    response = sam.post(url(new_enrolment), partial)
    assert response.status_code == 200
    assert response.content.decode().count("Answer this question to send") == 2
    assert {r.status for r in drafts.all()} == {"draft"}

    assert sam.post(url(new_enrolment), complete()).status_code == 302
    assert {r.status for r in drafts.all()} == {"submitted"}
    assert Answer.objects.count() == 5


def test_a_sent_questionnaire_is_read_only_and_a_later_post_is_refused(
    sam: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    sam.post(url(new_enrolment), complete())
    page = sam.get(url(new_enrolment)).content.decode()
    assert '<form method="post" novalidate>' not in page
    assert "✓ Sent" in page
    assert "Sleep better" in page

    again = sam.post(url(new_enrolment), complete(**{name("stress"): 0}), follow=True)
    assert again.status_code == 409
    assert "already sent and cannot be changed" in again.content.decode()
    assert Answer.objects.get(item__instrument__slug="stress").value == 6


def test_a_closed_questionnaire_takes_no_answers(
    client: Client, participant: User, enrolment: Enrolment, instruments: None
) -> None:
    # The shared cohort began 15 days ago, so its baseline is over.
    client.force_login(participant)
    assert "not open now" in client.get(url(enrolment)).content.decode()
    assert client.post(url(enrolment), complete()).status_code == 409
    assert not Response.objects.exists()


def test_the_end_of_course_opens_in_week_8(
    sam: Client, newcomer: User, new_enrolment: Enrolment, upcoming: Cohort, instruments: None
) -> None:
    assert "not open now" in sam.get(url(new_enrolment, "end_of_course")).content.decode()
    week_8 = dt.datetime.combine(upcoming.start_date + dt.timedelta(days=50), dt.time(12), dt.UTC)
    with time_machine.travel(week_8, tick=False):
        sam.force_login(newcomer)  # the first session has expired by then
        data = complete()
        del data[name("course-goals")]  # goals are asked before the course only
        assert sam.post(url(new_enrolment, "end_of_course"), data).status_code == 302
    assert Response.objects.filter(time_point="end_of_course", status="submitted").count() == 4


def test_an_unusable_instrument_is_not_asked_until_its_wording_is_loaded(
    sam: Client, new_enrolment: Enrolment, instruments: None, tmp_path: Path
) -> None:
    assert "Perceived Stress Scale" not in sam.get(url(new_enrolment)).content.decode()
    call_command("load_instrument", str(wording_file(tmp_path, "pss-10")), stdout=StringIO())
    page = sam.get(url(new_enrolment)).content.decode()
    assert "Perceived Stress Scale" in page
    assert "Test statement 10" in page
    assert "You may leave up to 1 of these unanswered." in page


def test_the_list_page_query_count_does_not_grow(
    sam: Client, newcomer: User, new_enrolment: Enrolment, upcoming: Cohort, instruments: None
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert sam.get(reverse("outcomes:list")).status_code == 200
        return len(queries)

    sam.post(url(new_enrolment), {name("stress"): 3, "action": "draft"})
    # User (the session is cached); enrolments; cohort settings; class 1 sessions; instruments
    # and their items; responses and their answers.
    assert count() == 8
    sam.post(url(new_enrolment), {name("stress"): 3, name("pain-intensity"): 2, "action": "draft"})
    for _ in range(3):
        other = EnrolmentFactory(participant=newcomer, status=Enrolment.Status.COMPLETED)
        CohortOutcomeSettings.objects.create(cohort=other.cohort)
    assert count() == 8


# --- Refusals -----------------------------------------------------------------------------------


@pytest.fixture
def classmate(upcoming: Cohort) -> User:
    user = UserFactory(email="robin2@example.org")
    EnrolmentFactory(cohort=upcoming, participant=user)
    return user


@pytest.fixture
def other_instructor(db: None) -> User:
    teacher = UserFactory(email="other-teacher@example.org", is_instructor=True)
    EnrolmentFactory().cohort.instructors.add(teacher)
    return teacher


@pytest.mark.parametrize("who", ["classmate", "other_instructor", "instructor", "outsider"])
def test_nobody_else_can_see_or_answer_it(
    client: Client,
    new_enrolment: Enrolment,
    instruments: None,
    who: str,
    request: pytest.FixtureRequest,
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(new_enrolment)).status_code == 404
    assert client.post(url(new_enrolment), complete()).status_code == 404
    assert not Response.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, new_enrolment: Enrolment, instruments: None
) -> None:
    for target in (reverse("outcomes:list"), url(new_enrolment)):
        response = client.get(target)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert client.post(url(new_enrolment), complete()).status_code == 302
    assert not Response.objects.exists()


def test_an_unknown_time_point_is_not_found(sam: Client, new_enrolment: Enrolment) -> None:
    assert sam.get(url(new_enrolment, "whenever")).status_code == 404


def test_the_questionnaire_page_query_count_does_not_grow_with_instruments(
    sam: Client, new_enrolment: Enrolment, instruments: None, tmp_path: Path
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert sam.get(url(new_enrolment)).status_code == 200
        return len(queries)

    sam.post(url(new_enrolment), {name("stress"): 3, "action": "draft"})
    before = count()
    for slug in ("pss-10", "rmdq", "ffmq-15"):
        call_command("load_instrument", str(wording_file(tmp_path, slug)), stdout=StringIO())
    sam.post(url(new_enrolment), {name("stress"): 3, name("rmdq", 4): 1, "action": "draft"})
    assert count() == before


def test_the_dashboard_banner_lists_what_is_open_until_it_is_sent(
    sam: Client, newcomer: User, new_enrolment: Enrolment, instruments: None
) -> None:
    from django.template.loader import render_to_string

    from outcomes.selectors import open_questionnaires

    banner = render_to_string(
        "outcomes/_banner.html", {"open_questionnaires": open_questionnaires(newcomer)}
    )
    assert "A questionnaire is waiting for you" in banner
    assert url(new_enrolment) in banner
    assert "5 short sets of questions" in banner
    sam.post(url(new_enrolment), complete())
    # The intake (issue 15) is open in the same weeks and stays until it is answered itself.
    assert [q.time_point for q in open_questionnaires(newcomer)] == ["intake"]
    assert render_to_string("outcomes/_banner.html", {"open_questionnaires": []}).strip() == ""
