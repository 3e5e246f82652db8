"""The questionnaire in a real browser: a phone's width, the keyboard alone, and axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from course.models import Enrolment
from outcomes.models import Answer, Item, Response
from tests.support.browser import serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATED = ["pain-intensity", "pain-bothersomeness", "pain-interference", "stress"]


def test_the_baseline_can_be_answered_with_the_keyboard_on_a_phone(
    page: Page, live_server: object, newcomer: User, new_enrolment: Enrolment, instruments: None
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, newcomer)
    page.goto(f"{base}/outcomes/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Before the course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Before the course")
    assert serious_violations(page) == []
    # Nothing sticks out sideways at 390 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    first = f"item_{Item.objects.get(instrument__slug=RATED[0]).pk}"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == first:
            break
    else:
        pytest.fail("Tab never reached the first question")
    # In each radio group the arrow keys choose (n presses from 0 give n); Tab goes on.
    for presses in (4, 5, 3, 6):
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
    page.keyboard.type("Walk to work again")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Send my answers"
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("your answers were sent")
    values = dict(
        Answer.objects.filter(item__instrument__slug__in=RATED).values_list(
            "item__instrument__slug", "value"
        )
    )
    assert values == dict(zip(RATED, (4, 5, 3, 6), strict=True))
    assert Response.objects.filter(status="submitted").count() == 5


def test_errors_are_announced_beside_the_question_and_pass_axe(
    page: Page, live_server: object, newcomer: User, new_enrolment: Enrolment, instruments: None
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, newcomer)
    page.goto(f"{base}/outcomes/{new_enrolment.public_id}/baseline/")
    group = page.get_by_role("group", name="Over the past seven days, how stressed")
    group.get_by_label("7", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("need another look")
    stress_errors = page.get_by_role("group", name="Over the past seven days, how stressed")
    expect(stress_errors.get_by_label("7", exact=True)).to_be_checked()
    expect(
        page.get_by_role("group", name="Thinking of the past seven days, how strong")
    ).to_contain_text("Answer this question to send")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    assert Answer.objects.get().value == 7
