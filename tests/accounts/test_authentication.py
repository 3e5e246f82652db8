"""Signing in and out, password reset and change, closed sign-up: all through allauth."""

from __future__ import annotations

import re

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.support.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person() -> User:
    return UserFactory(email="lee@example.org", display_name="Lee")


def sign_in(client: Client, email: str, password: str = PASSWORD) -> object:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_the_login_page_labels_its_fields(client: Client) -> None:
    page = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login">' in page
    assert '<label for="id_password">' in page


def test_a_person_signs_in_with_their_email_in_any_case(client: Client, person: User) -> None:
    response = sign_in(client, "LEE@Example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == person


def test_a_wrong_password_is_refused_next_to_the_form(client: Client, person: User) -> None:
    response = sign_in(client, "lee@example.org", "not the password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_is_a_post_and_ends_the_session(client: Client, person: User) -> None:
    client.force_login(person)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # back to login


def test_home_requires_signing_in(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_password_reset_by_email_lets_the_person_in_with_the_new_password(
    client: Client, person: User
) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "lee@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lee@example.org"]
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path
    done = client.post(
        set_url, {"password1": "a quiet new password", "password2": "a quiet new password"}
    )
    assert done.status_code == 302
    client.logout()
    assert sign_in(Client(), "lee@example.org", "a quiet new password").status_code == 302
    person.refresh_from_db()
    assert person.check_password("a quiet new password")


def test_a_signed_in_person_changes_their_password(client: Client, person: User) -> None:
    client.force_login(person)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "another quiet phrase",
            "password2": "another quiet phrase",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("another quiet phrase")


def test_public_sign_up_is_closed_by_default(client: Client) -> None:
    page = client.get(reverse("account_signup"))
    assert "closed" in page.content.decode().lower()
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "x" * 12, "password2": "x" * 12},
    )
    assert not User.objects.filter(email="new@example.org").exists()


def test_a_setting_opens_public_sign_up(client: Client, settings: object) -> None:
    settings.STILLPOINT_OPEN_SIGNUP = True  # type: ignore[attr-defined]
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a long calm phrase",
            "password2": "a long calm phrase",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="new@example.org").time_zone == "UTC"


def test_repeated_failed_logins_are_rate_limited_in_redis(client: Client, person: User) -> None:
    for _ in range(5):
        sign_in(client, "lee@example.org", "wrong")
    # Even the right password is now refused for this address for a while.
    response = sign_in(client, "lee@example.org")
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "too many" in response.content.decode().lower()
    # The counters live in Redis, shared by every web process, not in one process's memory.
    server = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    assert any(b"rl:" in key for key in server.scan_iter(match="stillpoint-test*"))
