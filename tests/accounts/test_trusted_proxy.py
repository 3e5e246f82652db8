"""Behind a reverse proxy, sign-in limits follow the client's address, not the proxy's."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
FIRST_CLIENT = "203.0.113.5"
SECOND_CLIENT = "203.0.113.9"


def sign_in_via_proxy(email: str, password: str, client_ip: str) -> object:
    return Client().post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_ip,
    )


def exhaust_the_per_ip_limit(client_ip: str) -> None:
    for n in range(10):
        sign_in_via_proxy(f"guess{n}@example.org", "wrong", client_ip)
    assert "Too many" in sign_in_via_proxy("guess@example.org", "x", client_ip).content.decode()  # type: ignore[attr-defined]


def test_with_one_trusted_proxy_two_clients_are_limited_separately(
    settings: object, participant: User
) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    exhaust_the_per_ip_limit(FIRST_CLIENT)
    response = sign_in_via_proxy(participant.email, PASSWORD, SECOND_CLIENT)
    assert response.status_code == 302  # type: ignore[attr-defined]


def test_without_it_everyone_behind_the_proxy_shares_one_limit(
    settings: object, participant: User
) -> None:
    # The reason for the setting: a forged or forwarded header is ignored, so all clients look
    # like the proxy and one person's guessing stops everybody.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # type: ignore[attr-defined]
    exhaust_the_per_ip_limit(FIRST_CLIENT)
    response = sign_in_via_proxy(participant.email, PASSWORD, SECOND_CLIENT)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Too many" in response.content.decode()  # type: ignore[attr-defined]


def test_a_client_cannot_choose_its_own_address_through_the_header(
    settings: object, participant: User
) -> None:
    # With one trusted proxy only the entry that proxy appended counts: a client that sends its
    # own X-Forwarded-For cannot escape its limit by changing the earlier entries.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    exhaust_the_per_ip_limit(FIRST_CLIENT)
    response = sign_in_via_proxy(participant.email, PASSWORD, f"192.0.2.77, {FIRST_CLIENT}")
    assert "Too many" in response.content.decode()  # type: ignore[attr-defined]


def test_the_settings_read_the_proxy_count_from_the_environment(monkeypatch: object) -> None:
    import importlib

    import config.settings.base as base

    monkeypatch.setenv("ALLAUTH_TRUSTED_PROXY_COUNT", "2")  # type: ignore[attr-defined]
    monkeypatch.setenv("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", "X-Real-IP")  # type: ignore[attr-defined]
    try:
        reloaded = importlib.reload(base)
        assert reloaded.ALLAUTH_TRUSTED_PROXY_COUNT == 2
        assert reloaded.ALLAUTH_TRUSTED_CLIENT_IP_HEADER == "X-Real-IP"
    finally:
        monkeypatch.undo()  # type: ignore[attr-defined]
        importlib.reload(base)
    assert base.ALLAUTH_TRUSTED_PROXY_COUNT == 0
