"""The instructor's targets page names each target as participants see it asked."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from course.models import Cohort

pytestmark = pytest.mark.django_db


def test_targets_show_the_or_alternatives_participants_see(
    signed_in: Client, cohort: Cohort
) -> None:
    with CaptureQueriesContext(connection) as queries:
        html = signed_in.get(reverse("teach:targets", args=[cohort.public_id])).content.decode()
    legends = re.findall(r"<legend>(.*?)</legend>", html)
    assert "Week 3: Body scan or lying-down mindful yoga" in legends
    assert "Week 3: Body scan" not in legends
    assert "Week 7: Your own mix of practices" in legends
    # Labels come from one prefetch, not a query per target.
    also_counts = [q for q in queries.captured_queries if "also_counts" in q["sql"]]
    assert len(also_counts) <= 1


def test_another_cohorts_instructor_cannot_see_the_targets(
    client: Client, other_instructor: object, cohort: Cohort
) -> None:
    client.force_login(other_instructor)  # type: ignore[arg-type]
    assert client.get(reverse("teach:targets", args=[cohort.public_id])).status_code == 404
