"""The progress chart in Chromium at 390 px: dated axes, a 0-10 scale, a key, readable text.

The same partial draws the dashboard's chart and the instructor's view of the participant, so
both are checked here too.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from accounts.models import User
from course.models import Cohort, Enrolment
from homework.models import CheckIn
from tests.support.browser import serious_violations, sign_in, smallest_svg_text_px
from tests.support.notifications import log_practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def svg_texts(page: Page, name: str) -> list[str]:
    return page.get_by_role("img", name=name).locator("text").all_text_contents()


def test_the_progress_chart_has_dated_axes_a_zero_to_ten_scale_and_a_key(
    page: Page, live_server: object, participant: User, enrolment: Enrolment, cohort: Cohort
) -> None:
    for offset, (pain, stress) in enumerate([(6, 7), (4, 5), (3, 2)]):
        day = cohort.start_date + dt.timedelta(days=offset)
        log_practice(enrolment, day, minutes=20 + offset * 10)
        CheckIn.objects.create(enrolment=enrolment, day=day, pain=pain, stress=stress)
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, participant)
    page.goto(f"{base}/progress/")

    first_day = date_format(cohort.start_date, "j M")
    minutes = svg_texts(page, "Minutes of formal practice each day")
    assert first_day in minutes  # the x axis is dated, from the course's first day
    assert "0" in minutes
    scores = svg_texts(page, "Pain and stress each day, from 0 to 10")
    assert first_day in scores
    assert {"0", "10"} <= set(scores)
    assert "0 to 10" in scores

    key = page.get_by_role("list", name="Key to the pain and stress chart")
    expect(key.get_by_role("listitem")).to_have_count(2)
    expect(key).to_contain_text("Pain: solid line, round markers")
    expect(key).to_contain_text("Stress: dotted line, square markers")
    expect(page.get_by_role("list", name="Key to the minutes chart")).to_contain_text(
        "Minutes practised"
    )
    assert smallest_svg_text_px(page) >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []

    # The table alternative is still there, with the numbers.
    page.get_by_text("Show the numbers as a table").click()
    expect(page.get_by_role("cell", name="30", exact=True)).to_be_visible()

    page.goto(f"{base}/")
    assert first_day in svg_texts(page, "Minutes of formal practice each day")
    assert smallest_svg_text_px(page) >= 12


def test_the_instructors_view_of_a_participant_draws_the_same_readable_chart(
    page: Page, live_server: object, instructor: User, enrolment: Enrolment, cohort: Cohort
) -> None:
    log_practice(enrolment, cohort.start_date, minutes=25)
    CheckIn.objects.create(enrolment=enrolment, day=cohort.start_date, pain=5, stress=10)
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, instructor)
    page.goto(f"{base}/teach/{cohort.public_id}/participants/{enrolment.public_id}/")
    scores = svg_texts(page, "Pain and stress each day, from 0 to 10")
    assert {"0", "10", date_format(cohort.start_date, "j M")} <= set(scores)
    assert smallest_svg_text_px(page) >= 12
