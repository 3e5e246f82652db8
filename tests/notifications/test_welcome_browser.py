"""Invitation → welcome → dashboard in Chromium set to Los Angeles time."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.models import User
from course import invitations
from course.models import Invitation
from notifications.models import NotificationSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def test_an_invited_person_joins_in_their_browsers_zone_and_is_greeted_by_name(
    browser: Browser, live_server: object, invitation: Invitation
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="America/Los_Angeles"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.add_init_script(VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Refused" in m.text else None)
    base = live_server.url  # type: ignore[attr-defined]

    page.goto(base + invitations.accept_path(invitation))
    page.get_by_role("button", name="Accept and create my account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome to Spring cohort")

    # The cohort is on London time; the browser's own zone was picked and is shown in words.
    expect(page.get_by_label("Time zone")).to_have_value("America/Los_Angeles")
    expect(page.locator("#zone-words")).to_contain_text("Los Angeles — ")
    assert page.evaluate("window.__cspViolations") == []

    page.get_by_label("Your name").fill("Noor")
    page.get_by_label("Choose a password").fill("a long quiet evening")
    page.get_by_label("Daily practice reminder at").fill("07:15")
    page.get_by_label("I agree that Stillpoint keeps").check()
    page.get_by_role("button", name="Join the course").click()

    expect(page.get_by_role("status")).to_contain_text("Welcome, Noor")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Spring cohort")
    assert page.evaluate("window.__cspViolations") == []
    assert console == []
    context.close()

    user = User.objects.get(email=invitation.email)
    assert user.time_zone == "America/Los_Angeles"
    prefs = NotificationSettings.objects.get(user=user)
    local = timezone.localtime(prefs.next_daily_at, user.zone)
    assert (local.hour, local.minute) == (7, 15)
    assert prefs.next_daily_at > timezone.now()


def test_find_narrows_the_list_and_enter_elsewhere_still_joins(
    browser: Browser, live_server: object, invitation: Invitation
) -> None:
    context = browser.new_context(timezone_id="Europe/Berlin")
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = live_server.url  # type: ignore[attr-defined]
    page.goto(base + invitations.accept_path(invitation))
    page.get_by_role("button", name="Accept and create my account").click()
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")
    page.get_by_label("Your name").fill("Noor")
    page.get_by_label("Find a place").fill("tokyo")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_label("Your name")).to_have_value("Noor")
    assert page.locator("select[name=time_zone] option").count() <= 3
    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    expect(page.locator("#zone-words")).to_contain_text("Tokyo — ")
    page.get_by_label("Choose a password").fill("a long quiet evening")
    page.get_by_label("I agree that Stillpoint keeps").check()
    page.get_by_label("Choose a password").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Welcome, Noor")
    context.close()
    assert User.objects.get(email=invitation.email).time_zone == "Asia/Tokyo"
