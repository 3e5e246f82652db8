"""Conversations in Chromium at a phone's width: the dashboard's new comments, the thread and
its reply, "mark as read" without JavaScript, and the instructor's pages; axe finds nothing
serious and nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from course.models import CalendarKind, Cohort, Enrolment
from homework.models import CalendarEntry, InstructorComment, Message
from teach.actions import comment_and_tell, message_and_tell
from tests.support.browser import serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def talk(enrolment: Enrolment, cohort: Cohort, instructor: User) -> InstructorComment:
    entry = CalendarEntry.objects.create(
        enrolment=enrolment,
        kind=CalendarKind.PLEASANT,
        occurred_on=cohort.start_date + dt.timedelta(days=2),
        event="birdsong at the bus stop",
        shared_with_instructors=True,
    )
    message_and_tell(enrolment, instructor, "How did the body scan go this week?")
    return comment_and_tell(entry, instructor, "What a lovely thing to notice.")


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_the_participant_reads_and_replies_on_a_phone(
    page: Page, live_server: object, participant: User, talk: InstructorComment
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, participant)
    page.goto(f"{base}/")
    card = page.locator(".new-comments")
    expect(card).to_contain_text("What a lovely thing to notice.")
    expect(card).to_contain_text("How did the body scan go this week?")
    assert serious_violations(page) == []
    assert no_sideways_scroll(page)
    for button in card.get_by_role("button", name="Mark as read").all():
        box = button.bounding_box()
        assert box is not None
        assert box["height"] >= 44
    card.get_by_role("link", name="Read and reply").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comment on your pleasant")
    assert serious_violations(page) == []
    page.get_by_label("Your reply").fill("Thank you, I hear it every morning now.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator(".replies")).to_contain_text("I hear it every morning now.")
    assert Message.objects.filter(from_participant=True, comment=talk).count() == 1
    page.goto(f"{base}/messages/")
    assert serious_violations(page) == []
    assert no_sideways_scroll(page)


def test_mark_as_read_works_without_javascript(
    browser: Browser, live_server: object, participant: User, talk: InstructorComment
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, participant)
    page.goto(f"{base}/")
    card = page.locator(".new-comments")
    card.get_by_role("button", name="Mark as read").first.click()
    expect(page.locator(".new-comments")).not_to_contain_text("What a lovely thing")
    talk.refresh_from_db()
    assert talk.read_at is not None
    context.close()


def test_the_instructors_pages_read_well_on_a_phone(
    page: Page,
    live_server: object,
    instructor: User,
    cohort: Cohort,
    enrolment: Enrolment,
    second_participant: User,
    talk: InstructorComment,
) -> None:
    Message.objects.create(
        enrolment=enrolment,
        author=enrolment.participant,
        from_participant=True,
        comment=talk,
        text="It made my morning.",
    )
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, instructor)
    page.goto(f"{base}/teach/{cohort.public_id}/participants/{enrolment.public_id}/")
    expect(page.locator(f"#comment-{talk.public_id}")).to_contain_text("It made my morning.")
    assert serious_violations(page) == []
    page.get_by_label("New private message to Pat").fill("See you on Tuesday.")
    page.get_by_role("button", name="Send privately").click()
    expect(page.locator("#messages ~ article").first).to_contain_text("See you on Tuesday.")
    page.goto(f"{base}/teach/{cohort.public_id}/announcements/")
    page.get_by_label("Only the participants I choose").check()
    page.get_by_label("Robin").check()
    page.get_by_label("Subject").fill("Quiet room")
    page.get_by_label("Message").fill("The quiet room is free after class.")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="To 1 participant")).to_be_visible()
    assert serious_violations(page) == []
    assert no_sideways_scroll(page)
    page.get_by_role("button", name="Edit").click()
    expect(page.get_by_label("Subject")).to_have_value("Quiet room")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Send to 1 participant").click()
    expect(page.locator(".messages")).to_contain_text("Announcement sent to 1 participant")
