"""allauth's pages and e-mails speak in the site's own layout and voice."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_offers_no_sign_up_while_sign_up_is_closed(client: Client) -> None:
    page = client.get(reverse("account_login")).content.decode()
    assert reverse("account_signup") not in page
    assert "sign up" not in page.lower()
    assert "invitation" in page
    # Our layout: the site's header, skip link and footer.
    assert 'class="skip-link"' in page
    assert "Mindfulness-Based Stress Reduction" in page
    assert reverse("account_reset_password") in page


def test_the_sign_in_page_links_to_sign_up_when_the_operator_opens_it(
    client: Client, settings: object
) -> None:
    settings.STILLPOINT_OPEN_SIGNUP = True  # type: ignore[attr-defined]
    page = client.get(reverse("account_login")).content.decode()
    assert f'href="{reverse("account_signup")}"' in page


def test_the_closed_sign_up_page_explains_invitations(client: Client) -> None:
    page = client.get(reverse("account_signup")).content.decode()
    assert "Joining is by invitation" in page
    assert reverse("account_login") in page


def test_the_reset_email_names_the_site_not_the_host(client: Client, participant: User) -> None:
    response = client.post(reverse("account_reset_password"), {"email": participant.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == f"[{settings.SITE_NAME}] Choose a new password"
    assert settings.SITE_NAME in message.body
    assert "Hello from" not in message.body
    assert "testserver" not in message.body
    assert f"{settings.SITE_URL}/accounts/password/reset/key/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert settings.SITE_NAME in html
    assert "Choose a new password" in html
    assert "testserver" not in html


def test_the_reset_link_is_built_from_site_url_whatever_the_host_header(
    client: Client, participant: User, settings: object
) -> None:
    settings.ALLOWED_HOSTS = ["*"]  # type: ignore[attr-defined]
    client.post(
        reverse("account_reset_password"), {"email": participant.email}, HTTP_HOST="evil.example"
    )
    assert "evil.example" not in mail.outbox[0].body


def test_the_reset_done_page_has_a_sign_in_button(client: Client) -> None:
    page = client.get(reverse("account_reset_password_done")).content.decode()
    assert "Check your e-mail" in page
    assert f'<a class="button" href="{reverse("account_login")}">Sign in</a>' in page


def test_a_password_change_notice_speaks_in_our_voice(client: Client, participant: User) -> None:
    from tests.support.factories import PASSWORD

    client.force_login(participant)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a new long passphrase",
            "password2": "a new long passphrase",
        },
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "Hello from" not in message.body
    assert settings.SITE_NAME in message.body


def test_the_second_factor_pages_are_in_our_layout(client: Client, participant: User) -> None:
    client.force_login(participant)
    page = client.get(reverse("mfa_index")).content.decode()
    assert 'class="skip-link"' in page
    assert "Mindfulness-Based Stress Reduction" in page
