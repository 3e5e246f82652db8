"""Shared fixtures: the four personas every view is tested with, the curriculum, and Redis."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from pytest_django.plugin import DjangoDbBlocker, blocking_manager_key

from accounts.models import User
from course.actions import create_cohort
from course.models import Cohort, Curriculum, Enrolment, Invitation
from tests.support.factories import EnrolmentFactory, UserFactory


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    # allauth's rate limits count in the (real, Redis) cache: each test starts from zero.
    cache.clear()


def _load_curriculum() -> None:
    call_command("load_curriculum", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    """The standard curricula, loaded once for the whole run rather than once per test: each
    test's transaction rolls back to a database that already has them."""
    with django_db_blocker.unblock():
        _load_curriculum()


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in names
        or "live_server" in names
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    # A transactional test (browser, worker) ends by emptying every table; put the curricula
    # back, committed, so the tests after it find them as the first one did.
    result = yield
    if _is_transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            _load_curriculum()
    return result


@pytest.fixture
def curriculum(db: None) -> Curriculum:
    return Curriculum.objects.get(slug="mbsr-8-week")


@pytest.fixture
def instructor(db: None) -> User:
    return UserFactory(email="teacher@example.org", display_name="Teacher", is_instructor=True)


@pytest.fixture
def cohort(curriculum: Curriculum, instructor: User) -> Cohort:
    start = timezone.now().astimezone(dt.UTC).date() - dt.timedelta(days=15)
    return create_cohort(
        curriculum=curriculum,
        title="Spring cohort",
        start_date=start,
        time_zone="Europe/London",
        instructors=[instructor],
        day_of_mindfulness=start + dt.timedelta(days=40),
    )


@pytest.fixture
def participant(cohort: Cohort) -> User:
    user = UserFactory(email="pat@example.org", display_name="Pat")
    EnrolmentFactory(cohort=cohort, participant=user)
    return user


@pytest.fixture
def second_participant(cohort: Cohort) -> User:
    user = UserFactory(email="robin@example.org", display_name="Robin")
    EnrolmentFactory(cohort=cohort, participant=user)
    return user


@pytest.fixture
def outsider(db: None) -> User:
    """Signed in, but in no cohort and teaching none."""
    return UserFactory(email="outsider@example.org", display_name="Outsider")


@pytest.fixture
def staff(db: None) -> User:
    return UserFactory(email="operator@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def enrolment(participant: User, cohort: Cohort) -> Enrolment:
    return Enrolment.objects.get(participant=participant, cohort=cohort)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """One Playwright driver for the run: its sync API allows only one at a time per thread,
    and both browser fixtures below launch from it."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls a test makes around
    # it are still plain synchronous calls, so Django's async guard is relaxed for browser tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (no downloaded browser builds)."""
    chromium = playwright_driver.chromium.launch(
        executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def autoplay_browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """The same Chromium, allowed to start audio without a click first (the player tests)."""
    chromium = playwright_driver.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
    )
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) at a phone's width."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def other_instructor(db: None) -> User:
    return UserFactory(email="other-teacher@example.org", display_name="Other", is_instructor=True)


@pytest.fixture
def other_cohort(curriculum: Curriculum, other_instructor: User) -> Cohort:
    return create_cohort(
        curriculum=curriculum,
        title="Someone else's cohort",
        start_date=timezone.now().date() - dt.timedelta(days=8),
        time_zone="America/New_York",
        instructors=[other_instructor],
    )


@pytest.fixture
def invitation(cohort: Cohort, instructor: User) -> Invitation:
    return Invitation.objects.create(cohort=cohort, email="new@example.org", invited_by=instructor)


@pytest.fixture
def signed_in(client: Client, instructor: User) -> Client:
    """The instructor, signed in."""
    client.force_login(instructor)
    return client


@pytest.fixture
def pat(client: Client, participant: User) -> Client:
    """A client signed in as the participant."""
    client.force_login(participant)
    return client
