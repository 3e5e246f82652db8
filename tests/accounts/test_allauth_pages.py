"""allauth's pages and e-mails speak in the site's own layout and voice."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.template import engines
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.support.factories import PASSWORD

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


def _allauth_messages() -> list[str]:
    """Every e-mail allauth can send: its `*_message.txt` templates, as template prefixes."""
    import allauth

    root = Path(allauth.__file__).parent / "templates"
    return sorted(
        str(path.relative_to(root)).removesuffix("_message.txt")
        for path in root.glob("*/email/*_message.txt")
        # No social sign-in on this site; base_* are the layouts the others extend.
        if path.parts[-3] != "socialaccount" and not path.name.startswith("base_")
    )


@pytest.mark.parametrize("prefix", _allauth_messages())
def test_every_allauth_email_is_written_in_the_sites_layout_and_voice(prefix: str) -> None:
    # The same context allauth gives, with the site's name from our adapter.
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "email": "pat@example.org",
        "code": "K3Q-9ZD",
        "password_reset_url": "https://example.org/reset",
        "activate_url": "https://example.org/confirm",
        "from_email": "old@example.org",
        "to_email": "new@example.org",
        "deleted_email": "old@example.org",
        "ip": "192.0.2.7",
        "user_agent": "Firefox",
        "timestamp": "3 December 2026, 09:00",
    }
    engine = engines["django"]
    template_dir = Path(settings.BASE_DIR) / "templates"
    for part in ("subject.txt", "message.txt", "message.html"):
        assert (template_dir / f"{prefix}_{part}").exists(), f"{prefix}_{part} is allauth's own"
    text = engine.get_template(f"{prefix}_message.txt").render(context)
    html = engine.get_template(f"{prefix}_message.html").render(context)
    assert text.startswith("Hello,"), prefix
    assert f"This message is about your {settings.SITE_NAME} account." in text, prefix
    # The HTML part is the site's e-mail layout: its header carries the site's name.
    assert f">{settings.SITE_NAME}</p>" in html, prefix
    assert "max-width:36rem" in html, prefix
    for sentence in (text, html):
        assert "{{" not in sentence, prefix
        assert "Hello from" not in sentence, prefix
        assert "Please enter it in your open browser window" not in sentence, prefix


def test_a_changed_password_is_announced_in_the_sites_layout(
    client: Client, participant: User
) -> None:
    client.force_login(participant)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-calm-phrase-42",
            "password2": "a-new-calm-phrase-42",
        },
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == f"[{settings.SITE_NAME}] Your password was changed"
    assert "Your password was changed." in message.body
    assert reverse("account_reset_password") in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Your password was changed." in html
    assert "max-width:36rem" in html
