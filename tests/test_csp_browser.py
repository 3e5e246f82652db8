"""In a real Chromium, no page breaks the Content-Security-Policy.

A violation shows up two ways: Chromium logs "Refused to ..." on the console, and the document
fires `securitypolicyviolation`. The test listens for both, and first proves that it would hear
one by provoking a violation on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from accounts.models import User
from course.models import Cohort, Enrolment
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


class Watcher:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._on_console)

    def _on_console(self, message: object) -> None:
        text = message.text  # type: ignore[attr-defined]
        # Also an unrecognised feature in our Permissions-Policy header, which Chromium reports.
        if (
            "Refused to" in text
            or "Content Security Policy" in text
            or "Permissions-Policy" in text
        ):
            self.console.append(text)

    def visit(self, url: str) -> list[str]:
        response = self.page.goto(url)
        assert response is not None, url
        assert response.status < 400, url
        self.page.wait_for_load_state("load")
        events = self.page.evaluate("window.__cspViolations || []")
        heard, self.console = [*events, *self.console], []
        return [f"{url}: {text}" for text in heard]


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watcher]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Watcher(page)
    context.close()


def sign_in(watcher: Watcher, base: str, email: str) -> None:
    page = watcher.page
    page.goto(f"{base}{reverse('account_login')}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_the_watcher_hears_a_violation(live_server: object, watched: Watcher) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    assert watched.visit(f"{base}{reverse('account_login')}") == []
    watched.page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.ranInline = true";
          document.body.appendChild(s);
          const d = document.createElement("div");
          d.setAttribute("style", "color: red");
          document.body.appendChild(d);
        }"""
    )
    watched.page.wait_for_function("window.__cspViolations.length >= 2")
    assert watched.page.evaluate("window.ranInline === undefined")


def test_a_participants_pages_report_no_violation(
    live_server: object, watched: Watcher, participant: User, enrolment: Enrolment
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    problems = watched.visit(f"{base}{reverse('account_login')}")
    problems += watched.visit(f"{base}{reverse('account_reset_password')}")
    sign_in(watched, base, participant.email)
    for name, args in [
        ("home", []),
        ("homework:practice_list", []),
        ("homework:log_practice", []),
        ("homework:week", [1]),
        ("homework:week", [2]),
        ("homework:check_in", []),
        ("homework:progress", []),
        ("notifications:preferences", []),
        ("privacy:your_data", []),
        ("privacy:delete", []),
        ("privacy:notice", []),
        ("mfa_index", []),
        ("account_change_password", []),
        ("account_email", []),
    ]:
        problems += watched.visit(f"{base}{reverse(name, args=args)}")
    assert problems == []


def test_instructor_and_admin_pages_report_no_violation(
    live_server: object, watched: Watcher, instructor: User, cohort: Cohort, enrolment: Enrolment
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    instructor.is_staff = True
    instructor.is_superuser = True
    instructor.save(update_fields=["is_staff", "is_superuser"])
    sign_in(watched, base, instructor.email)
    problems: list[str] = []
    for name, args in [
        ("teach:home", []),
        ("teach:roster", [cohort.public_id]),
        ("teach:participant", [cohort.public_id, enrolment.public_id]),
        ("teach:schedule", [cohort.public_id]),
        ("teach:targets", [cohort.public_id]),
        ("teach:invitations", [cohort.public_id]),
        ("teach:announcements", [cohort.public_id]),
        ("teach:cohort_edit", [cohort.public_id]),
        ("teach:cohort_create", []),
        ("admin:index", []),
        ("admin:accounts_user_changelist", []),
        ("admin:accounts_user_change", [instructor.pk]),
    ]:
        problems += watched.visit(f"{base}{reverse(name, args=args)}")
    assert problems == []


def test_setting_up_an_authenticator_app_reports_no_violation(
    live_server: object, watched: Watcher, participant: User
) -> None:
    # The QR code is a data: image and the passkey pages load allauth's scripts.
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(watched, base, participant.email)
    page = watched.page
    page.goto(f"{base}{reverse('mfa_activate_totp')}")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(lambda url: "totp/activate" in url)
    qr = page.locator("img[src^='data:image/svg+xml']")
    assert qr.count() == 1
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle())
    problems = watched.visit(page.url)
    problems += watched.visit(f"{base}{reverse('mfa_add_webauthn')}")
    assert problems == []
