"""The practice log form's list: this week's practice first chosen, else the last one logged;
informal practices in a group of their own; "Guided" left for the person to tick."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from course.models import Cohort, CohortAssignment, Enrolment, Practice
from homework.models import PracticeLog

pytestmark = pytest.mark.django_db
NEW = reverse("homework:log_practice")


def selected_option(html: str) -> str:
    match = re.search(r'<option value="\d+" selected>([^<]+)</option>', html)
    assert match, "no practice is selected"
    return match.group(1)


def test_this_weeks_assigned_practice_is_chosen_even_if_another_was_logged_last(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    # The course began 15 days ago: this is week 3.
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug="walking"),
        practised_on=cohort.start_date,
        minutes=10,
    )
    week3 = CohortAssignment.objects.filter(cohort=cohort, week=3).order_by("position").first()
    assert week3 is not None
    assert week3.practice is not None
    assert week3.practice.slug != "walking"
    for url in (NEW, reverse("home")):
        assert selected_option(pat.get(url).content.decode()) == week3.practice.name


def test_without_a_practice_assigned_this_week_the_last_one_logged_is_chosen(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    CohortAssignment.objects.filter(cohort=cohort, week=3).update(practice=None)  # own mix
    for day, slug in ((1, "sitting-breath"), (3, "walking"), (2, "body-scan")):
        PracticeLog.objects.create(
            enrolment=enrolment,
            practice=Practice.objects.get(slug=slug),
            practised_on=cohort.start_date + dt.timedelta(days=day),
            minutes=10,
        )
    assert selected_option(pat.get(NEW).content.decode()) == "Walking meditation"


def test_after_the_course_the_last_practice_logged_is_chosen(
    pat: Client, enrolment: Enrolment, cohort: Cohort
) -> None:
    cohort.start_date = cohort.start_date - dt.timedelta(days=70)
    cohort.orientation_date = cohort.start_date - dt.timedelta(days=7)
    cohort.day_of_mindfulness = None
    cohort.save()
    walking = Practice.objects.get(slug="walking")
    PracticeLog.objects.create(
        enrolment=enrolment, practice=walking, practised_on=cohort.start_date, minutes=10
    )
    assert selected_option(pat.get(NEW).content.decode()) == walking.name


def test_informal_practices_are_grouped_apart_from_formal_ones(pat: Client) -> None:
    html = pat.get(NEW).content.decode()
    select = html[html.index('<select name="practice"') : html.index("</select>")]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [label for label, _ in groups] == ["Formal practice", "Informal practice"]
    formal, informal = (re.findall(r">([^<]+)</option>", options) for _, options in groups)
    assert set(informal) == set(
        Practice.objects.filter(category=Practice.Category.INFORMAL).values_list("name", flat=True)
    )
    assert set(formal) == set(
        Practice.objects.filter(category=Practice.Category.FORMAL).values_list("name", flat=True)
    )
    assert informal  # the curriculum has some, so the group is really there


def test_guided_is_not_ticked_by_default(pat: Client) -> None:
    for url in (NEW, reverse("home")):
        html = pat.get(url).content.decode()
        guided = re.search(r'<input type="checkbox" name="guided"[^>]*>', html)
        assert guided is not None
        assert "checked" not in guided.group(0)


def test_an_unticked_guided_box_logs_an_unguided_practice(
    pat: Client, cohort: Cohort, body_scan: Practice
) -> None:
    pat.post(
        NEW,
        {"practice": body_scan.pk, "minutes": 20, "practised_on": cohort.start_date.isoformat()},
    )
    assert PracticeLog.objects.get().guided is False


def test_a_practice_from_either_group_can_be_logged(pat: Client, cohort: Cohort) -> None:
    informal = Practice.objects.filter(category=Practice.Category.INFORMAL).first()
    assert informal is not None
    response = pat.post(
        NEW,
        {"practice": informal.pk, "minutes": 5, "practised_on": cohort.start_date.isoformat()},
    )
    assert response.status_code == 302
    assert PracticeLog.objects.get().practice == informal
