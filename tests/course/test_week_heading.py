"""A week's heading says its label once ("Week 3: ...", never "Orientation: Orientation: ...")."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from course.models import Cohort, CurriculumWeek, WeekKind


@pytest.mark.parametrize(
    ("kind", "number", "theme", "heading"),
    [
        (
            WeekKind.WEEK,
            3,
            "How perception shapes our stress",
            "Week 3: How perception shapes our stress",
        ),
        (WeekKind.WEEK, 1, "Week 1: Coming into the present", "Week 1: Coming into the present"),
        (
            WeekKind.ORIENTATION,
            0,
            "Orientation: what the course asks of you",
            "Orientation: what the course asks of you",
        ),
        (WeekKind.ORIENTATION, 0, "Orientation", "Orientation"),
        (WeekKind.RETREAT, 6, "Day of mindfulness", "Day of mindfulness"),
        (WeekKind.WEEK, 2, "", "Week 2"),
    ],
)
def test_the_label_is_said_once(kind: str, number: int, theme: str, heading: str) -> None:
    assert CurriculumWeek(kind=kind, number=number, theme=theme).heading == heading


@pytest.mark.django_db
def test_the_dashboard_heading_does_not_repeat_the_weeks_label(pat: Client, cohort: Cohort) -> None:
    # The course began 15 days ago: this is week 3.
    CurriculumWeek.objects.filter(
        curriculum=cohort.curriculum, kind=WeekKind.WEEK, number=3
    ).update(theme="Week 3: Pleasant moments")
    html = pat.get(reverse("home")).content.decode()
    assert '<h2 id="week-heading">Week 3: Pleasant moments</h2>' in html
    assert "Week 3: Week 3" not in html
