"""Acceptance: an instructor runs a cohort through the pages alone, in a real browser.

From an empty database (only the reference curricula, which `load_curriculum` installs on every
deployment) and an instructor account: create a cohort, invite three addresses, accept one
invitation in a fresh browser as a new person, see them on the roster, take attendance, export.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from course.models import Attendance, Cohort
from tests.support.factories import PASSWORD, UserFactory
from tests.support.mail import deliver_queued_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_instructor_runs_a_cohort_from_invitation_to_export(
    live_server: object, page: Page, browser: Browser, tmp_path: object
) -> None:
    call_command("load_curriculum", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Cohort.objects.exists()
    UserFactory(email="teacher@example.org", display_name="Teacher", is_instructor=True)
    base = live_server.url  # type: ignore[attr-defined]

    # Sign in as the instructor.
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill("teacher@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Teach").click()

    # Create a cohort.
    page.get_by_role("link", name="Create a cohort").click()
    start = timezone.now().date() - dt.timedelta(days=1)
    page.get_by_label("Curriculum").select_option(label="MBSR: eight weeks (45 minutes a day)")
    page.get_by_label("Title").fill("Tuesday evenings")
    page.get_by_label("Date of class 1").fill(start.isoformat())
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_label("Class starts at (local time)").fill("18:30")
    page.get_by_label("Place").fill("Community hall")
    page.get_by_role("button", name="Create cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tuesday evenings")

    # Invite three addresses.
    page.get_by_role("navigation", name="Cohort").get_by_role("link", name="Invitations").click()
    page.get_by_label("E-mail addresses").fill("ana@example.org\nben@example.org, cy@example.org")
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_text("Invitations sent: 3.")).to_be_visible()
    expect(page.locator(".status-pending")).to_have_count(3)
    deliver_queued_mail()  # what the Celery worker does in production
    message = next(m for m in mail.outbox if m.to == ["ben@example.org"])
    link = re.search(r"https?://\S+(/invite/\S+/)", message.body).group(1)

    # Ben accepts in a fresh browser and becomes a new user.
    context = browser.new_context(viewport={"width": 390, "height": 844})
    ben = context.new_page()
    ben.goto(base + link)
    expect(ben.get_by_role("heading", level=1)).to_have_text("Join Tuesday evenings")
    ben.get_by_role("button", name="Accept and create my account").click()
    # The welcome page (notifications/welcome.py) makes the account.
    expect(ben.get_by_role("heading", level=1)).to_have_text("Welcome to Tuesday evenings")
    ben.get_by_label("Your name").fill("Ben")
    ben.get_by_label("Choose a password").fill("a long quiet evening")
    ben.get_by_label("I agree that Stillpoint keeps").check()
    ben.get_by_role("button", name="Join the course").click()
    expect(ben.get_by_role("heading", name="Tuesday evenings")).to_be_visible()
    context.close()
    assert (
        User.objects.get(email="ben@example.org").enrolments.get().cohort.title
        == "Tuesday evenings"
    )

    # Ben is on the roster; the invitation shows as accepted.
    page.get_by_role("navigation", name="Cohort").get_by_role("link", name="Roster").click()
    # On the phone the roster is a list of people, each a link to their page.
    expect(
        page.get_by_role("list", name="Participants").get_by_role("link", name=re.compile("Ben"))
    ).to_be_visible()
    page.get_by_role("navigation", name="Cohort").get_by_role("link", name="Invitations").click()
    expect(page.locator(".status-accepted")).to_have_count(1)

    # Take attendance for class 1.
    page.get_by_role("navigation", name="Cohort").get_by_role("link", name="Roster").click()
    page.get_by_role("link", name="Schedule and attendance").click()
    page.get_by_role("link", name="Attendance for Class 1").click()
    page.get_by_role("group", name="Ben").get_by_label("Present").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance for Class 1 saved.")).to_be_visible()
    # The saved marks show in the roster's table, which a wider screen gets.
    page.get_by_role("navigation", name="Cohort").get_by_role("link", name="Roster").click()
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("row", name=re.compile("Ben"))).to_contain_text("1 present")
    assert Attendance.objects.get().status == "present"

    # Export the weekly CSV.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download weekly progress (CSV)").click()
    path = download.value.path()
    content = open(path, encoding="utf-8").read()  # noqa: SIM115
    assert content.startswith("\ufeffparticipant_email,")
    lines = content.strip().splitlines()
    assert len(lines) == 1 + 8
    assert lines[1].startswith("ben@example.org,Ben,1,")
    assert ",present," in lines[1]
