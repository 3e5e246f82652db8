"""The admin signs in through allauth, so wrong passwords are counted there too; and the counts
are kept per IP and address, so an attacker elsewhere cannot lock the real owner out."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.support.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.7"
OWNER = "203.0.113.20"
TOO_MANY = "Too many failed login attempts"


def sign_in(client: Client, email: str, password: str, ip: str, next_url: str = "") -> object:
    data = {"login": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("account_login"), data, REMOTE_ADDR=ip)


def refused_for_rate(response: object) -> bool:
    return response.status_code == 200 and TOO_MANY in response.content.decode()  # type: ignore[attr-defined]


def test_the_admin_login_page_hands_over_to_allauth_keeping_next(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == reverse("account_login")
    assert parse_qs(target.query)["next"] == ["/admin/accounts/user/"]


def test_the_admin_sends_a_stranger_to_allauths_sign_in(client: Client) -> None:
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert response.status_code == 200


def test_an_outside_next_never_leads_off_the_site(client: Client) -> None:
    response = client.get("/admin/login/?next=https://evil.example/")
    (next_url,) = parse_qs(urlsplit(response["Location"]).query)["next"]
    assert next_url.startswith("/admin/")


def test_posting_passwords_to_the_admin_login_form_signs_nobody_in(
    client: Client, staff: User
) -> None:
    # Django's own form would check the password; it is no longer reachable.
    for _ in range(40):
        response = client.post("/admin/login/", {"username": staff.email, "password": "guess"})
        assert response.status_code == 302
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_staff_sign_in_through_allauth_and_land_in_the_admin(client: Client, staff: User) -> None:
    response = sign_in(client, staff.email, PASSWORD, OWNER, next_url="/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_non_staff_person_is_refused_rather_than_sent_round_in_circles(
    client: Client, participant: User
) -> None:
    client.force_login(participant)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


def test_brute_force_from_one_ip_is_refused_by_the_11th_attempt(
    client: Client, staff: User
) -> None:
    # Ten guesses spread over ten addresses from one IP: the 11th is refused even when it is
    # the right password for a real account.
    for n in range(10):
        response = sign_in(client, f"guess{n}@example.org", "wrong", ATTACKER)
        assert response.status_code == 200
        assert not refused_for_rate(response)
    response = sign_in(client, staff.email, PASSWORD, ATTACKER, next_url="/admin/")
    assert refused_for_rate(response)
    assert "_auth_user_id" not in client.session


def test_guessing_one_address_from_one_ip_is_refused_after_five(
    client: Client, staff: User
) -> None:
    for _ in range(5):
        assert not refused_for_rate(sign_in(client, staff.email, "wrong", ATTACKER))
    assert refused_for_rate(sign_in(client, staff.email, "wrong", ATTACKER))
    assert refused_for_rate(sign_in(client, staff.email, PASSWORD, ATTACKER))


def test_an_attackers_wrong_passwords_do_not_lock_out_the_owner_elsewhere(
    client: Client, instructor: User
) -> None:
    for _ in range(6):
        sign_in(client, instructor.email, "wrong", ATTACKER)
    assert refused_for_rate(sign_in(client, instructor.email, PASSWORD, ATTACKER))

    owner = Client()
    response = sign_in(owner, instructor.email, PASSWORD, OWNER)
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(instructor.pk)


def test_the_owners_own_success_does_not_use_up_their_allowance(
    client: Client, instructor: User
) -> None:
    for _ in range(8):
        response = sign_in(Client(), instructor.email, PASSWORD, OWNER)
        assert response.status_code == 302


def test_one_address_guessed_from_many_ips_meets_the_higher_per_address_limit(
    client: Client, settings: object
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {  # type: ignore[attr-defined]
        **settings.ACCOUNT_RATE_LIMITS,  # type: ignore[attr-defined]
        "login_failed_address": "12/h/key",
    }
    target = UserFactory(email="target@example.org", is_instructor=True)
    for n in range(12):
        assert not refused_for_rate(sign_in(client, target.email, "wrong", f"192.0.2.{n + 1}"))
    assert refused_for_rate(sign_in(client, target.email, PASSWORD, "192.0.2.200"))
    # Another address is not affected by the first one's count.
    other = UserFactory(email="other@example.org")
    assert sign_in(Client(), other.email, PASSWORD, "192.0.2.200").status_code == 302


def test_the_shipped_per_address_limit_is_far_above_the_per_ip_one() -> None:
    from allauth.core.internal.ratelimit import parse_rates
    from django.conf import settings

    per_ip_and_address = [
        r for r in parse_rates(settings.ACCOUNT_RATE_LIMITS["login_failed"]) if r.per == "key"
    ]
    per_address = parse_rates(settings.ACCOUNT_RATE_LIMITS["login_failed_address"])
    assert per_ip_and_address[0].amount == 5
    assert per_address[0].per == "key"
    assert per_address[0].amount >= 5 * per_ip_and_address[0].amount
