"""Dismissing an announcement in Chromium at 390 px: a plain form, a real tap target."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from course.models import Announcement, Cohort, Enrolment
from tests.support.browser import serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_participant_dismisses_an_announcement_and_finds_it_again(
    page: Page, live_server: object, participant: User, enrolment: Enrolment, cohort: Cohort
) -> None:
    announcement = Announcement.objects.create(cohort=cohort, subject="Room change", body="Room 4.")
    announcement.recipients.add(enrolment)
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, participant)
    page.goto(f"{base}/")
    button = page.get_by_role("button", name="Dismiss “Room change”")
    box = button.bounding_box()
    assert box is not None
    assert box["height"] >= 44
    assert box["width"] >= 44
    assert serious_violations(page) == []
    button.click()
    expect(page.get_by_role("heading", name="Room change")).to_have_count(0)
    page.get_by_role("link", name="Past announcements from your instructor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Announcements")
    expect(page.get_by_role("heading", name="Room change")).to_be_visible()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
