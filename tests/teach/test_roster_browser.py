"""The roster in Chromium: every column fits at 1,280 px, a phone gets a list of people, and the
participant page's scrolling week table can be reached by keyboard (axe finds nothing serious)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from course.actions import create_cohort
from course.models import Cohort, Curriculum
from tests.support.browser import serious_violations, sign_in
from tests.support.cohorts import fill_cohort

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def full_cohort(curriculum: Curriculum, instructor: User) -> Cohort:
    """Twelve people, the course nearly over: all eight weeks hold figures."""
    start = timezone.now().astimezone(dt.UTC).date() - dt.timedelta(days=54)
    cohort = create_cohort(
        curriculum=curriculum,
        title="Autumn cohort",
        start_date=start,
        time_zone="Europe/London",
        instructors=[instructor],
        day_of_mindfulness=start + dt.timedelta(days=40),
    )
    fill_cohort(cohort, 14)
    return cohort


@pytest.fixture
def teaching(page: Page, live_server: object, instructor: User) -> str:
    """The instructor signed in on `page`; the live server's address."""
    base: str = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, instructor)
    return base


def test_every_roster_column_fits_at_1280_px(
    page: Page, teaching: str, full_cohort: Cohort
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    base = teaching
    page.goto(f"{base}/teach/{full_cohort.public_id}/")
    table = page.locator("table.roster")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(14)
    expect(page.locator(".roster-list")).to_be_hidden()
    headers = table.locator("thead th")
    expect(headers).to_have_count(14)
    # Nothing in the table sticks out of the window, and its wrapper does not scroll.
    rightmost = page.evaluate(
        "Math.max(...[...document.querySelectorAll('table.roster th, table.roster td')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert rightmost <= 1280
    wrap = page.locator(".roster-wrap")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    for label in ("Stress trend", "Flags"):
        box = headers.filter(has_text=label).bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= 1280
    assert serious_violations(page) == []


def test_a_phone_gets_a_list_of_people_each_leading_to_their_page(
    page: Page, teaching: str, full_cohort: Cohort
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    base = teaching
    page.goto(f"{base}/teach/{full_cohort.public_id}/")
    expect(page.locator("table.roster")).to_be_hidden()
    people = page.locator(".roster-list > li")
    expect(people).to_have_count(14)
    for enrolment in full_cohort.enrolments.select_related("participant"):
        link = page.locator(
            f'.roster-list a[href="/teach/{full_cohort.public_id}/participants/'
            f'{enrolment.public_id}/"]'
        )
        expect(link).to_be_visible()
    expect(people.first).to_contain_text("Week 8")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    people.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Practice week by week")).to_be_visible()


def test_the_participant_week_table_can_be_scrolled_by_keyboard(
    page: Page, teaching: str, full_cohort: Cohort
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    enrolment = full_cohort.enrolments.first()
    assert enrolment is not None
    base = teaching
    page.goto(f"{base}/teach/{full_cohort.public_id}/participants/{enrolment.public_id}/")
    region = page.get_by_role("region", name="Practice week by week")
    expect(region).to_have_attribute("tabindex", "0")
    region.focus()
    outline = region.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
