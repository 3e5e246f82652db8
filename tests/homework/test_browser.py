"""A participant's week in a real browser (Debian's Chromium via Playwright), phone and desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from accounts.models import User
from homework.models import CalendarEntry, CheckIn, PracticeLog
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_a_participant_logs_practice_writes_in_a_calendar_and_checks_in(
    browser: Browser, live_server: object, participant: User, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = live_server.url  # type: ignore[attr-defined]

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(participant.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # This week's body-scan target before and after logging a practice.
    practice = page.get_by_role("region", name="This week's practice")
    expect(practice).to_contain_text("0 of 6 days · 0 of 270 min")
    log_form = page.get_by_role("region", name="Log a practice")
    log_form.get_by_label("Minutes").fill("45")
    log_form.get_by_role("button", name="Save practice").click()
    expect(page.get_by_role("status")).to_contain_text("45 min")
    expect(page.get_by_role("region", name="This week's practice")).to_contain_text(
        "1 of 6 days · 45 of 270 min"
    )

    # A bad value is announced next to its field and nothing is saved.
    page.get_by_role("region", name="Log a practice").get_by_label("Minutes").fill("500")
    page.get_by_role("region", name="Log a practice").get_by_role(
        "button", name="Save practice"
    ).click()
    expect(page.locator("#id_minutes_errors")).to_contain_text("between 1 and 240")
    expect(page.get_by_label("Minutes")).to_have_attribute("aria-invalid", "true")

    # A pleasant event from week 2's page.
    page.goto(f"{base}/weeks/2/")
    page.get_by_role("region", name="Pleasant events calendar").get_by_role(
        "link", name="Add an entry"
    ).click()
    page.get_by_label("What was the pleasant moment?").fill("Sunlight on the kitchen table")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_role("main")).to_contain_text("Sunlight on the kitchen table")

    # Today's check-in, then the dashboard shows it.
    page.get_by_role("link", name="Check-in").first.click()
    page.get_by_role("group", name="Back pain today").get_by_label("3", exact=True).check()
    page.get_by_role("group", name="Stress today").get_by_label("5", exact=True).check()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("region", name="Today", exact=True)).to_contain_text("Pain 3 · stress 5")

    context.close()
    assert PracticeLog.objects.get().minutes == 45
    assert CalendarEntry.objects.get().event == "Sunlight on the kitchen table"
    assert (CheckIn.objects.get().pain, CheckIn.objects.get().stress) == (3, 5)
