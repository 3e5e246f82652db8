"""On a phone, the dashboard opens on today: the practice to start or log and the check-in are
on the first screen, however many announcements the instructor has posted."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from accounts.models import User
from course.models import Announcement, Cohort
from tests.support.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLD = 844  # an iPhone-sized screen's height at 390 px wide


def test_todays_practice_and_check_in_are_above_the_fold_at_390_px(
    page: Page, live_server: object, participant: User, cohort: Cohort, instructor: User
) -> None:
    enrolment = cohort.enrolments.get(participant=participant)
    for n in range(3):
        announcement = Announcement.objects.create(
            cohort=cohort,
            author=instructor,
            subject=f"Note {n + 1} about class",
            body="Please bring a blanket and a cushion. " * 8,
        )
        announcement.recipients.add(enrolment)
    sign_in(page, live_server.url, participant)  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/")  # type: ignore[attr-defined]

    today = page.get_by_role("region", name="Today")
    action = today.get_by_role("link", name="Log a practice").first
    check_in = today.get_by_role("link", name="Check in")
    for control in (action, check_in):
        box = control.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= FOLD, control
    # The announcements are still on the page, below today.
    note = page.get_by_role("heading", name="Note 1 about class").bounding_box()
    assert note is not None
    assert note["y"] > check_in.bounding_box()["y"]  # type: ignore[index]
