"""The before-and-after page and the instructor's outcome report in Chromium at 390 px: axe-core
finds nothing serious, nothing sticks out sideways, and chart text renders at 12 px or more."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from course.models import Cohort, Enrolment
from outcomes.models import TimePoint
from tests.support.browser import serious_violations, sign_in, smallest_svg_text_px
from tests.support.notifications import log_practice
from tests.support.outcomes import PAIN_AFTER, PAIN_BEFORE, known_cohort, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page: Page) -> None:
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert smallest_svg_text_px(page) >= 12


def test_the_before_and_after_page_passes_axe_on_a_phone(
    page: Page,
    live_server: object,
    participant: User,
    enrolment: Enrolment,
    cohort: Cohort,
    instruments: None,
) -> None:
    for slug, before, after in (("pain-bothersomeness", 7, 4), ("stress", 5, 6)):
        submitted(enrolment, slug, TimePoint.BASELINE, [before])
        submitted(enrolment, slug, TimePoint.END_OF_COURSE, [after])
    log_practice(enrolment, cohort.start_date, minutes=30)
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, participant)
    page.goto(f"{base}/outcomes/")
    page.get_by_role("link", name="Your before and after").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your before and after")
    expect(page.get_by_role("img", name="Your answers before the course and now")).to_be_visible()
    check_page(page)


def test_the_outcome_report_passes_axe_on_a_phone(
    page: Page,
    live_server: object,
    instructor: User,
    cohort: Cohort,
    instruments: None,
    tmp_path: Path,
) -> None:
    people = known_cohort(cohort, tmp_path)
    for person, before, after in zip(people, PAIN_BEFORE, PAIN_AFTER, strict=True):
        if before is not None and after is not None:
            log_practice(person, cohort.start_date, minutes=10 * (before - after) + 5)
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, instructor)
    page.goto(f"{base}/teach/{cohort.public_id}/outcomes/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Outcomes")
    expect(page.get_by_text("Pearson r = 1.00 (n = 16)").first).to_be_visible()
    check_page(page)
    page.goto(f"{base}/teach/outcomes/")
    check_page(page)
