"""The practice log page: fifty at a time, newest first, with links to older pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from course import freshness
from course.models import Cohort, Enrolment, Practice
from homework.models import PracticeLog

pytestmark = pytest.mark.django_db
URL = reverse("homework:practice_list")


def fill(enrolment: Enrolment, cohort: Cohort, count: int) -> None:
    body_scan = Practice.objects.get(slug="body-scan")
    PracticeLog.objects.bulk_create(
        PracticeLog(
            enrolment=enrolment,
            practice=body_scan,
            practised_on=cohort.start_date + dt.timedelta(days=i % 15),
            minutes=1 + i % 10,
        )
        for i in range(count)
    )
    freshness.enrolments_changed([enrolment.pk])  # bulk_create sends no signals


def shown(page: str) -> int:
    return len(re.findall(r'<li class="card">', page))


def test_a_thousand_logs_come_fifty_to_a_page_and_every_one_is_reachable(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    fill(enrolment, cohort, 1000)
    seen = 0
    url = URL
    pages = 0
    while url:
        page = pat.get(url).content.decode()
        assert shown(page) <= 50
        seen += shown(page)
        pages += 1
        found = re.search(r'href="(\?before=[^"]+)">Older practice', page)
        url = URL + found.group(1).replace("&amp;", "&") if found else ""
    assert (seen, pages) == (1000, 20)
    # The whole log's minutes, not the page's: 100 rounds of 1..10 minutes.
    assert "5500 minutes in all" in pat.get(URL).content.decode()


def test_a_page_costs_the_same_queries_with_60_logs_or_1000(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    fill(enrolment, cohort, 60)
    with CaptureQueriesContext(connection) as few:
        pat.get(URL)
    fill(enrolment, cohort, 940)
    with CaptureQueriesContext(connection) as many:
        page = pat.get(URL).content.decode()
    assert shown(page) == 50
    assert len(few) == len(many)


def test_a_garbled_cursor_shows_the_newest_page(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    fill(enrolment, cohort, 70)
    response = pat.get(URL, {"before": "not-a-cursor"})
    assert response.status_code == 200
    assert shown(response.content.decode()) == 50
