"""Security headers: a strict Content-Security-Policy, a Permissions-Policy, and no caching of
anything a signed-in person sees (pages and CSV exports)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Cohort

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def directives(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_no_store(response: object) -> None:
    cache_control = {
        part.strip()
        for part in response["Cache-Control"].split(",")  # type: ignore[index]
    }
    assert {"no-store", "private"} <= cache_control


def test_a_signed_in_page_carries_csp_permissions_policy_and_no_store(
    client: Client, participant: User
) -> None:
    client.force_login(participant)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    policy = response["Permissions-Policy"]
    for denied in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert denied in policy
    assert "screen-wake-lock=(self)" in policy
    assert_no_store(response)


def test_the_sign_in_page_is_covered_by_the_policy_too(client: Client) -> None:
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]


def test_signing_in_answers_with_no_store(client: Client, participant: User) -> None:
    from tests.support.factories import PASSWORD

    response = client.post(
        reverse("account_login"), {"login": participant.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert_no_store(response)


@pytest.mark.parametrize("export", ["export_weeks", "export_entries"])
def test_a_csv_export_is_never_stored_by_a_cache(
    client: Client, instructor: User, cohort: Cohort, enrolment: object, export: str
) -> None:
    client.force_login(instructor)
    response = client.get(reverse(f"teach:{export}", args=[cohort.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert_no_store(response)
    assert "camera=()" in response["Permissions-Policy"]


def test_the_admin_is_covered_for_staff(client: Client, staff: User) -> None:
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["'none'"]
    assert_no_store(response)


def test_the_server_error_pages_style_is_allowed_by_its_hash() -> None:
    # 500.html renders without a request, so it cannot carry a nonce; if its <style> changes,
    # the hash in settings must change with it or the page loses its styling.
    html = (TEMPLATES / "500.html").read_text()
    css = re.search(r"<style>(.*?)</style>", html, re.S)
    assert css is not None
    digest = base64.b64encode(hashlib.sha256(css.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" == settings.SERVER_ERROR_STYLE_HASH
    assert (
        settings.SERVER_ERROR_STYLE_HASH
        in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
    )


def page_templates() -> list[Path]:
    # E-mails are read in mail programs, where inline styles are the only styles there are.
    return [
        path
        for path in TEMPLATES.rglob("*.html")
        if "emails" not in path.parts and "email" not in path.parts
    ]


def test_no_page_template_holds_inline_script_handlers_or_style_attributes() -> None:
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    offenders = []
    for path in page_templates():
        text = path.read_text()
        if inline_script.search(text) or handler.search(text) or "style=" in text:
            offenders.append(str(path.relative_to(TEMPLATES)))
        if "javascript:" in text:
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert page_templates(), "the scan found no templates at all"
    assert offenders == []
