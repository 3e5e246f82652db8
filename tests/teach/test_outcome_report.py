"""The instructor's outcome report, its CSV and the follow-up switches.

The known cohort of 20 (tests/support/outcomes.py) has its figures worked out by hand in
tests/outcomes/test_report.py; here the page must print those same figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, Enrolment
from outcomes.models import CohortOutcomeSettings, TimePoint
from tests.support.factories import EnrolmentFactory
from tests.support.notifications import log_practice
from tests.support.outcomes import PAIN_AFTER, PAIN_BEFORE, known_cohort, submitted, wording_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def instruments(db: None) -> None:
    call_command("load_instruments", stdout=StringIO())


@pytest.fixture
def twenty(cohort: Cohort, instruments: None, tmp_path: Path) -> list[Enrolment]:
    return known_cohort(cohort, tmp_path)


def report_url(cohort: Cohort) -> str:
    return reverse("teach:outcomes", args=[cohort.public_id])


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_report_page_prints_the_known_figures(
    signed_in: Client, cohort: Cohort, twenty: list[Enrolment]
) -> None:
    html = page(signed_in, report_url(cohort))
    # Response rates (pain bothersomeness before and at the end).
    assert "Before: 18 of 20 enrolled answered (90 %)" in html
    assert "End of the course: 17 of 20 enrolled answered (85 %)" in html
    # Mean change -1.8125 with its t interval (-2.596, -1.029), to one decimal.
    assert "Mean change -1.8 points (95 % CI -2.6 to -1.0), n = 16 with both answers" in html
    assert "Of those who answered both times: 10 of 16 (62 %) improved meaningfully." in html
    assert (
        "Of all who started: 10 of 20 (50 %); 4 without a follow-up answer are counted as "
        "missing, not as improved." in html
    )
    # The reverse-scored PSS-10 with a missing item: mean -4.963, CI (-8.922, -1.004).
    assert "Mean change -5.0 points (95 % CI -8.9 to -1.0), n = 6 with both answers" in html
    # The trial's shares beside ours, labelled as a reference.
    assert "Trial reference, not a comparison group:" in html
    assert "MBSR 44 %, usual care 27 %" in html
    assert "not a comparison group for this cohort" in html
    # Attendance and completion beside the outcomes: nobody has been marked present yet.
    assert "0 of 20</strong> who started" in html


def test_practice_against_change_is_drawn_with_its_correlation_and_a_table(
    signed_in: Client, cohort: Cohort, twenty: list[Enrolment]
) -> None:
    # Minutes proportional to each person's gain (all well under the weekly targets), so
    # adherence over the course is a straight line in the gain: r = 1 exactly.
    for person, before, after in zip(twenty, PAIN_BEFORE, PAIN_AFTER, strict=True):
        if before is not None and after is not None:
            log_practice(person, cohort.start_date, minutes=10 * (before - after) + 5)
    html = page(signed_in, report_url(cohort))
    assert "Pearson r = 1.00 (n = 16); the research average is r ≈ 0.26." in html
    assert 'role="img"' in html
    assert "Practice done (% of assigned minutes)" in html
    assert 'font-size="14"' in html
    table = html.split("Practice, attendance and change per person")[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 16  # header and one row per pair
    assert "pat@example.org" not in table


def test_fewer_than_five_answers_print_no_percentages(
    signed_in: Client, cohort: Cohort, instruments: None
) -> None:
    people = [EnrolmentFactory(cohort=cohort) for _ in range(4)]
    for person, (before, after) in zip(people, [(7, 3), (6, 5), (8, 2), (5, 5)], strict=True):
        submitted(person, "pain-bothersomeness", TimePoint.BASELINE, [before])
        submitted(person, "pain-bothersomeness", TimePoint.END_OF_COURSE, [after])
    html = page(signed_in, report_url(cohort))
    assert "Too few answers to summarise." in html
    assert "%" not in html
    assert "Trial reference, not a comparison group" not in html


def test_the_page_takes_the_same_queries_for_a_small_and_a_larger_cohort(
    signed_in: Client, cohort: Cohort, twenty: list[Enrolment]
) -> None:
    with CaptureQueriesContext(connection) as small:
        signed_in.get(report_url(cohort))
    for _ in range(10):
        person = EnrolmentFactory(cohort=cohort)
        submitted(person, "pain-bothersomeness", TimePoint.BASELINE, [6])
        submitted(person, "pain-bothersomeness", TimePoint.END_OF_COURSE, [4])
        log_practice(person, cohort.start_date, minutes=20)
    with CaptureQueriesContext(connection) as larger:
        signed_in.get(report_url(cohort))
    assert len(small) == len(larger), [q["sql"] for q in larger.captured_queries]


def test_the_report_across_cohorts_adds_up_all_of_the_instructors_cohorts(
    signed_in: Client,
    cohort: Cohort,
    twenty: list[Enrolment],
    instructor: User,
    other_cohort: Cohort,
) -> None:
    second = Cohort.objects.create(
        curriculum=cohort.curriculum,
        title="Second cohort",
        start_date=cohort.start_date - dt.timedelta(days=100),
        time_zone="Europe/London",
    )
    second.instructors.add(instructor)
    for _ in range(5):
        person = EnrolmentFactory(cohort=second)
        submitted(person, "pain-bothersomeness", TimePoint.BASELINE, [8])
        submitted(person, "pain-bothersomeness", TimePoint.END_OF_COURSE, [4])
    EnrolmentFactory(cohort=other_cohort)  # someone else's cohort never counts
    html = page(signed_in, reverse("teach:outcomes_all"))
    assert "25 started." in html
    assert "Before: 23 of 25 enrolled answered (92 %)" in html
    assert "Of all who started: 15 of 25 (60 %)" in html
    assert "Second cohort" in html
    assert "Spring cohort" in html
    assert other_cohort.title not in html


def test_the_nav_and_the_home_page_link_to_the_reports(signed_in: Client, cohort: Cohort) -> None:
    assert report_url(cohort) in page(signed_in, reverse("teach:roster", args=[cohort.public_id]))
    assert reverse("teach:outcomes_all") in page(signed_in, reverse("teach:home"))


# --- Switching follow-ups off --------------------------------------------------------------------


def test_the_instructor_switches_a_follow_up_off(signed_in: Client, cohort: Cohort) -> None:
    url = reverse("teach:outcome_settings", args=[cohort.public_id])
    response = signed_in.post(url, {"follow_up_52": "on"})
    assert response.status_code == 302
    saved = CohortOutcomeSettings.objects.get(cohort=cohort)
    assert (saved.follow_up_26, saved.follow_up_52) == (False, True)
    form = signed_in.get(report_url(cohort)).context["settings_form"]
    assert (form["follow_up_26"].value(), form["follow_up_52"].value()) == (False, True)


# --- The CSV ------------------------------------------------------------------------------------


def rows(client: Client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_has_a_row_per_person_time_point_and_instrument(
    signed_in: Client, cohort: Cohort, twenty: list[Enrolment]
) -> None:
    found = rows(signed_in, reverse("teach:export_outcomes", args=[cohort.public_id]))
    # Pain: 18 before and 17 after; PSS-10: 6 and 6.
    assert len(found) == 18 + 17 + 6 + 6
    first = twenty[0]
    own = [r for r in found if r["participant_email"] == first.participant.email]
    assert {(r["time_point"], r["instrument"], r["score"]) for r in own} == {
        ("baseline", "pain-bothersomeness", "7"),
        ("end_of_course", "pain-bothersomeness", "4"),
        ("baseline", "pss-10", "24"),
        ("end_of_course", "pss-10", "17"),
    }
    pro_rated = next(
        r
        for r in found
        if r["participant_email"] == twenty[3].participant.email
        and (r["instrument"], r["time_point"]) == ("pss-10", "baseline")
    )
    assert (pro_rated["score"], pro_rated["items_answered"], pro_rated["items_missing"]) == (
        "17.78",
        "9",
        "1",
    )


def test_the_anonymised_csv_has_stable_ids_and_no_names_or_addresses(
    signed_in: Client, cohort: Cohort, twenty: list[Enrolment]
) -> None:
    url = reverse("teach:export_outcomes", args=[cohort.public_id]) + "?anonymous=1"
    once, again = rows(signed_in, url), rows(signed_in, url)
    assert "participant_email" not in once[0]
    assert "participant_name" not in once[0]
    ids = [r["participant_id"] for r in once]
    assert ids == [r["participant_id"] for r in again]
    # Everyone who answered anything (all but person 19), each with their own id.
    assert len(set(ids)) == 19
    flat = " ".join(" ".join(r.values()) for r in once)
    for person in twenty:
        assert person.participant.email not in flat
        assert str(person.public_id) not in flat
        assert person.participant.display_name not in flat


def test_the_csv_has_subscale_columns(
    signed_in: Client, cohort: Cohort, enrolment: Enrolment, instruments: None, tmp_path: Path
) -> None:
    call_command("load_instrument", str(wording_file(tmp_path, "ffmq-15")), stdout=StringIO())
    submitted(enrolment, "ffmq-15", TimePoint.BASELINE, [3] * 15)
    (row,) = rows(signed_in, reverse("teach:export_outcomes", args=[cohort.public_id]))
    facets = [k for k in row if k.startswith("ffmq-15:")]
    assert len(facets) == 5
    assert all(row[k] for k in facets)


# --- Refusals -----------------------------------------------------------------------------------


def cohort_urls(cohort: Cohort) -> list[tuple[str, str]]:
    c = cohort.public_id
    return [
        ("get", reverse("teach:outcomes", args=[c])),
        ("post", reverse("teach:outcome_settings", args=[c])),
        ("get", reverse("teach:export_outcomes", args=[c])),
        ("get", reverse("teach:export_outcomes", args=[c]) + "?anonymous=1"),
    ]


GLOBAL = [reverse("teach:outcomes_all"), reverse("teach:export_all_outcomes")]


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, cohort: Cohort) -> None:
    for method, url in [*cohort_urls(cohort), *(("get", u) for u in GLOBAL)]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_a_participant_gets_nothing(client: Client, participant: User, cohort: Cohort) -> None:
    client.force_login(participant)
    for method, url in [*cohort_urls(cohort), *(("get", u) for u in GLOBAL)]:
        assert getattr(client, method)(url).status_code == 404, url


def test_another_cohorts_instructor_gets_nothing_of_this_cohort(
    client: Client, other_instructor: User, other_cohort: Cohort, cohort: Cohort, twenty: list
) -> None:
    client.force_login(other_instructor)
    for method, url in cohort_urls(cohort):
        assert getattr(client, method)(url).status_code == 404, url
    assert not CohortOutcomeSettings.objects.filter(cohort=cohort).exists()
    # Their own pages across cohorts show only their own cohort.
    html = page(client, reverse("teach:outcomes_all"))
    assert cohort.title not in html
    assert "0 started." in html
    assert rows(client, reverse("teach:export_all_outcomes")) == []


def test_the_csv_takes_the_same_queries_for_more_people(
    signed_in: Client, cohort: Cohort, twenty: list[Enrolment]
) -> None:
    url = reverse("teach:export_outcomes", args=[cohort.public_id])
    with CaptureQueriesContext(connection) as small:
        assert len(rows(signed_in, url)) == 47
    for _ in range(10):
        person = EnrolmentFactory(cohort=cohort)
        submitted(person, "pain-bothersomeness", TimePoint.BASELINE, [6])
        submitted(person, "stress", TimePoint.END_OF_COURSE, [3])
    with CaptureQueriesContext(connection) as larger:
        assert len(rows(signed_in, url)) == 67
    assert len(small) == len(larger)
