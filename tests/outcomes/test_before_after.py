"""The participant's own before and after: in words, as a chart and a table, with practice."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, Enrolment
from outcomes.models import TimePoint
from tests.support.factories import UserFactory
from tests.support.notifications import log_practice
from tests.support.outcomes import submitted

pytestmark = pytest.mark.django_db


def url(enrolment: Enrolment) -> str:
    return reverse("outcomes:before_after", args=[enrolment.public_id])


def text(client: Client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.fixture
def answered(enrolment: Enrolment, cohort: Cohort, instruments: None) -> Enrolment:
    submitted(enrolment, "pain-bothersomeness", TimePoint.BASELINE, [7])
    submitted(enrolment, "pain-bothersomeness", TimePoint.END_OF_COURSE, [4])
    submitted(enrolment, "stress", TimePoint.BASELINE, [5])
    submitted(enrolment, "stress", TimePoint.END_OF_COURSE, [6])
    submitted(enrolment, "pain-intensity", TimePoint.BASELINE, [6])
    submitted(enrolment, "pain-intensity", TimePoint.END_OF_COURSE, [6])
    log_practice(enrolment, cohort.start_date, minutes=30)
    log_practice(enrolment, cohort.start_date + dt.timedelta(days=8), 45)
    return enrolment


def test_the_page_says_in_words_what_changed_without_grading(
    pat: Client, answered: Enrolment
) -> None:
    html = text(pat, url(answered))
    assert (
        "Before the course you put this at 7; at the end of the course you put it at 4: "
        "3 points lower" in html
    )
    assert "at the end of the course you put it at 6: 1 point higher" in html
    assert "at the end of the course you put it at 6: the same number" in html
    for verdict in ("well done", "improved", "worse", "better", "failed", "good job"):
        assert verdict not in html.lower()


def test_the_chart_has_a_text_alternative_and_readable_labels(
    pat: Client, answered: Enrolment
) -> None:
    html = text(pat, url(answered))
    svg = html.split("<svg")[1].split("</svg>")[0]
    assert 'role="img"' in svg
    assert 'aria-labelledby="ba-title ba-desc"' in svg
    sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', svg)]
    assert sizes
    assert min(sizes) >= 12
    # Each bar is labelled in words and with its number, not by colour alone.
    assert svg.count(">Before<") == 3
    assert svg.count(">Now<") == 3


def test_the_table_and_the_practice_minutes_sit_beside_it(pat: Client, answered: Enrolment) -> None:
    html = text(pat, url(answered))
    table = html.split("Your score for each questionnaire at each point")[1].split("</table>")[0]
    # Before, end of course, and the two follow-ups not yet answered (an en dash each).
    assert re.search(
        r"How much the pain bothered you.*?<td>7</td><td>4</td><td>\u2013</td><td>\u2013</td>",
        table,
    )
    assert "75 minutes</strong> of formal practice, on 2 days" in html
    practice = html.split("Minutes of formal practice each week")[1].split("</table>")[0]
    assert "<tr><td>1</td><td>30</td></tr>" in practice
    assert "<tr><td>2</td><td>45</td></tr>" in practice


def test_before_the_end_of_course_questionnaire_the_page_waits(
    pat: Client, enrolment: Enrolment, instruments: None
) -> None:
    submitted(enrolment, "stress", TimePoint.BASELINE, [5])
    html = text(pat, url(enrolment))
    assert "fills in once you have sent the end-of-course questionnaire" in html
    assert "<svg" not in html
    assert url(enrolment) not in text(pat, reverse("outcomes:list"))


def test_the_list_links_to_it_once_something_after_the_course_was_sent(
    pat: Client, answered: Enrolment
) -> None:
    assert url(answered) in text(pat, reverse("outcomes:list"))


def test_the_page_costs_the_same_queries_with_more_answers_and_logs(
    pat: Client, answered: Enrolment, cohort: Cohort
) -> None:
    with CaptureQueriesContext(connection) as few:
        pat.get(url(answered))
    submitted(answered, "pain-interference", TimePoint.BASELINE, [3])
    submitted(answered, "pain-interference", TimePoint.END_OF_COURSE, [2])
    for day in range(10):
        log_practice(answered, cohort.start_date + dt.timedelta(days=day), 5)
    with CaptureQueriesContext(connection) as many:
        pat.get(url(answered))
    assert len(few) == len(many)


# --- Refusals -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, answered: Enrolment) -> None:
    response = client.get(url(answered))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_another_participant_gets_a_404(
    client: Client, second_participant: User, answered: Enrolment
) -> None:
    client.force_login(second_participant)
    assert client.get(url(answered)).status_code == 404


def test_the_instructor_and_another_cohorts_instructor_get_a_404(
    client: Client, instructor: User, other_instructor: User, answered: Enrolment
) -> None:
    for person in (instructor, other_instructor, UserFactory()):
        client.force_login(person)
        assert client.get(url(answered)).status_code == 404


def test_sending_the_end_of_course_questionnaire_leads_to_the_page(
    client: Client, participant: User, enrolment: Enrolment, cohort: Cohort, instruments: None
) -> None:
    submitted(enrolment, "stress", TimePoint.BASELINE, [5])
    week_8 = dt.datetime.combine(cohort.start_date + dt.timedelta(days=50), dt.time(12), dt.UTC)
    with time_machine.travel(week_8, tick=False):
        client.force_login(participant)
        address = reverse("outcomes:questionnaire", args=[enrolment.public_id, "end_of_course"])
        form = client.get(address).context["form"]
        data = dict.fromkeys(form.fields, 4)
        data["action"] = "submit"
        response = client.post(address, data)
    assert response.status_code == 302
    assert response["Location"] == url(enrolment)
