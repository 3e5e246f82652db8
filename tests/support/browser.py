"""Helpers for the Playwright tests: signing in through the real form, and axe-core's verdict."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from accounts.models import User
from tests.support.factories import PASSWORD


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def sign_in(page: Page, base: str, user: User) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def smallest_svg_text_px(page: Page) -> float:
    """The smallest rendered size, in CSS pixels, of any text in the page's inline SVGs."""
    return page.evaluate(
        """() => {
        let smallest = Infinity;
        for (const svg of document.querySelectorAll('svg')) {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          for (const t of svg.querySelectorAll('text')) {
            smallest = Math.min(smallest, parseFloat(t.getAttribute('font-size')) * scale);
          }
        }
        return smallest;
      }"""
    )
