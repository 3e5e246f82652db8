"""`load_curriculum` installs the standard templates, and running it again changes nothing."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from course.models import (
    Curriculum,
    CurriculumWeek,
    InformalHomework,
    Practice,
    PracticeAssignment,
    WeekKind,
)

pytestmark = pytest.mark.django_db

COURSE_MODELS = [
    "Practice",
    "Curriculum",
    "CurriculumWeek",
    "Reading",
    "PracticeAssignment",
    "InformalHomework",
]


def load() -> str:
    out = io.StringIO()
    call_command("load_curriculum", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every curriculum table, as values, so any change at all shows up."""
    rows = {}
    for name in COURSE_MODELS:
        model = apps.get_model("course", name)
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "updated_at"]
        rows[name] = list(model.objects.order_by("pk").values_list(*fields))
    rows["also_counts"] = list(
        PracticeAssignment.also_counts.through.objects.order_by("pk").values_list()
    )
    return rows


def test_running_it_twice_changes_nothing() -> None:
    load()
    first = snapshot()
    assert "2 templates, 13 practices" in load()
    assert snapshot() == first


def test_it_installs_eight_weeks_with_orientation_and_a_day_of_mindfulness() -> None:
    load()
    mbsr = Curriculum.objects.get(slug="mbsr-8-week")
    weeks = list(mbsr.weeks.filter(kind=WeekKind.WEEK).values_list("number", flat=True))
    assert weeks == list(range(1, 9))
    assert mbsr.weeks.filter(kind=WeekKind.ORIENTATION, number=0).exists()
    retreat = mbsr.weeks.get(kind=WeekKind.RETREAT)
    assert retreat.number == 6  # between classes 6 and 7


def test_it_sets_the_targets_from_the_course_facts() -> None:
    load()
    targets = {
        (a.week.number, a.practice.slug if a.practice else None): (
            a.target_minutes_per_day,
            a.target_days_per_week,
        )
        for a in PracticeAssignment.objects.filter(
            week__curriculum__slug="mbsr-8-week"
        ).select_related("week", "practice")
    }
    assert targets[(1, "body-scan")] == (45, 6)
    assert targets[(2, "sitting-breath")] == (10, 6)
    assert targets[(4, "sitting-breath")] == (20, 6)
    assert targets[(7, None)] == (45, 7)  # own mix, daily
    week3 = PracticeAssignment.objects.get(
        week__curriculum__slug="mbsr-8-week", week__number=3, position=0
    )
    assert [p.slug for p in week3.also_counts.all()] == [
        "yoga-lying"
    ]  # alternate body scan and yoga
    palouse = PracticeAssignment.objects.filter(week__curriculum__slug="mbsr-30-minute")
    assert {a.target_minutes_per_day for a in palouse} == {30}
    assert palouse.count() == 8


def test_it_ships_the_three_calendars_and_an_optional_non_mbsr_practice() -> None:
    load()
    calendars = InformalHomework.objects.filter(week__curriculum__slug="mbsr-8-week").exclude(
        calendar=""
    )
    assert {(h.week.number, h.calendar) for h in calendars} == {
        (2, "pleasant"),
        (3, "unpleasant"),
        (5, "communication"),
        (6, "communication"),
    }
    pmr = Practice.objects.get(slug="pmr")
    assert pmr.part_of_mbsr is False
    assert Practice.objects.filter(part_of_mbsr=True).count() == 11


def test_it_puts_back_a_template_an_operator_broke() -> None:
    load()
    week1 = CurriculumWeek.objects.get(curriculum__slug="mbsr-8-week", number=1, kind=WeekKind.WEEK)
    week1.assignments.update(target_minutes_per_day=5)
    week1.readings.all().delete()
    load()
    assert week1.assignments.get().target_minutes_per_day == 45
    assert week1.readings.count() == 1
