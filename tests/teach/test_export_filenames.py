"""CSV downloads are named after the cohort and the day, never after an id."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Cohort

pytestmark = pytest.mark.django_db


def filename(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    return disposition.removeprefix('attachment; filename="').removesuffix('"')


@pytest.mark.parametrize(
    ("name", "query", "what"),
    [
        ("export_weeks", "", "weeks"),
        ("export_entries", "", "practice"),
        ("export_outcomes", "", "outcomes"),
        ("export_outcomes", "?anonymous=1", "outcomes-anonymised"),
    ],
)
def test_a_cohorts_csv_is_named_after_the_cohort_and_its_date(
    signed_in: Client, cohort: Cohort, name: str, query: str, what: str
) -> None:
    url = reverse(f"teach:{name}", args=[cohort.public_id]) + query
    got = filename(signed_in, url)
    assert got == f"spring-cohort-{what}-{cohort.local_today().isoformat()}.csv"
    assert str(cohort.public_id) not in got


def test_the_csv_across_cohorts_is_named_for_all_of_them_and_the_instructors_date(
    signed_in: Client, instructor: User, cohort: Cohort
) -> None:
    day = instructor.local_date().isoformat()
    url = reverse("teach:export_all_outcomes")
    assert filename(signed_in, url) == f"all-cohorts-outcomes-{day}.csv"
    anonymised = f"all-cohorts-outcomes-anonymised-{day}.csv"
    assert filename(signed_in, url + "?anonymous=1") == anonymised


def test_a_cohort_named_only_in_symbols_still_gets_a_readable_name(
    signed_in: Client, cohort: Cohort
) -> None:
    cohort.title = "★★★"
    cohort.save()
    url = reverse("teach:export_weeks", args=[cohort.public_id])
    assert filename(signed_in, url) == f"cohort-weeks-{cohort.local_today().isoformat()}.csv"
