"""The intake and the instructor's intake page in Chromium: 390 px, keyboard alone, axe-core."""

from __future__ import annotations

import pytest
from django.db.models import Q
from playwright.sync_api import Page, expect

from accounts.models import User
from course.models import Cohort, CohortAssignment, Enrolment
from outcomes.intake import MOVEMENT_PRACTICES
from outcomes.models import Answer, IntakeReview
from tests.support.browser import serious_violations, sign_in
from tests.support.intake import WARNING_SIGNS, send_intake

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEDICAL = "Please see a doctor before the movement practices"
# Page order of the intake's questions: t = free text, y = yes or no.
KINDS = "ttyyyyttytyyyyyy"


def fits_the_phone(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def tab_to(page: Page, name: str, attribute: str = "name") -> None:
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.{attribute}") == name:
            return
    pytest.fail(f"Tab never reached {name}")


def test_a_warning_sign_answered_with_the_keyboard_shows_the_note_then_and_on_the_week_page(
    page: Page, live_server: object, newcomer: User, new_enrolment: Enrolment, instruments: None
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, newcomer)
    page.goto(f"{base}/outcomes/")
    page.get_by_role("link", name="Intake").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Intake")
    expect(page.get_by_text("Only the instructors of your cohort")).to_be_visible()
    assert serious_violations(page) == []
    assert fits_the_phone(page)

    first = page.get_by_label("What brings you to this course").get_attribute("name")
    assert first is not None
    tab_to(page, first)
    warning = WARNING_SIGNS[0]
    for position, kind in enumerate(KINDS, start=1):
        if kind == "t":
            page.keyboard.type("Slow mornings." if position == 1 else "")
        elif position == warning:
            page.keyboard.press("Space")  # the group's first choice is Yes
        else:
            page.keyboard.press("ArrowRight")  # ... and the next one No
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Send my answers"
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=MEDICAL)).to_be_visible()
    assert serious_violations(page) == []
    yes = Answer.objects.filter(response__enrolment=new_enrolment, value=1)
    assert list(yes.values_list("item__position", flat=True)) == [warning]

    moving = (
        CohortAssignment.objects.filter(cohort=new_enrolment.cohort)
        .filter(
            Q(practice__slug__in=MOVEMENT_PRACTICES) | Q(also_counts__slug__in=MOVEMENT_PRACTICES)
        )
        .order_by("week")
        .values_list("week", flat=True)
        .first()
    )
    page.goto(f"{base}/weeks/{moving}/")
    expect(page.get_by_role("heading", name=MEDICAL)).to_be_visible()
    expect(page.get_by_role("link", name="If a practice is hard").first).to_be_visible()
    # And on the movement practices' own pages and players, not on a sitting practice's.
    for slug in sorted(MOVEMENT_PRACTICES):
        page.goto(f"{base}/practices/{slug}/")
        expect(page.get_by_role("heading", name=MEDICAL)).to_be_visible()
    page.goto(f"{base}/practices/sitting-breath/")
    expect(page.get_by_role("heading", name=MEDICAL)).to_have_count(0)


def test_the_instructor_reads_the_intake_and_records_a_decision_with_the_keyboard(
    page: Page,
    live_server: object,
    instructor: User,
    upcoming: Cohort,
    new_enrolment: Enrolment,
    instruments: None,
) -> None:
    send_intake(new_enrolment, yes=(WARNING_SIGNS[1],))
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, instructor)
    page.goto(f"{base}/teach/{upcoming.public_id}/intake/")
    expect(page.get_by_text("Talk before class 1").first).to_be_visible()
    assert serious_violations(page) == []
    assert fits_the_phone(page)

    tab_to(page, "Sam", attribute="textContent")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Intake: Sam")
    assert serious_violations(page) == []
    assert fits_the_phone(page)

    tab_to(page, "decision")  # the first radio: "No decision yet"
    page.keyboard.press("ArrowDown")  # -> Discussed: go ahead
    page.keyboard.press("Tab")
    page.keyboard.type("Saw the GP last week; fine to move gently.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Save"
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Saved for Sam")
    review = IntakeReview.objects.get()
    assert (review.decision, review.author) == ("go_ahead", instructor)
    expect(page.get_by_text("Current decision:")).to_contain_text("Discussed: go ahead")
    page.goto(f"{base}/teach/{upcoming.public_id}/")
    expect(page.get_by_text("Talk before class 1")).to_have_count(0)
