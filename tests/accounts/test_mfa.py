"""A second factor (allauth.mfa): required of instructors and staff before /teach/ and /admin/,
optional for participants; signing in with one asks for the code after the password."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from course.models import Cohort
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require_mfa(settings: object) -> None:
    # The suite at large runs without the requirement (see config/settings/test.py).
    settings.STILLPOINT_REQUIRE_MFA = True  # type: ignore[attr-defined]


def current_code(secret: str) -> str:
    """What an authenticator app shows now (RFC 6238: 30-second steps, 6 digits)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client: Client, user: User) -> object:
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_an_instructor_without_a_second_factor_is_sent_to_set_one_up(
    client: Client, instructor: User, cohort: Cohort
) -> None:
    client.force_login(instructor)
    for path in (reverse("teach:home"), reverse("teach:roster", args=[cohort.public_id])):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_index")
    setup = client.get(reverse("mfa_index"))
    assert setup.status_code == 200
    assert "health data" in setup.content.decode()


def test_staff_without_a_second_factor_cannot_open_the_admin(client: Client, staff: User) -> None:
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_pages_outside_teach_and_admin_stay_open_so_setup_and_sign_out_work(
    client: Client, instructor: User
) -> None:
    client.force_login(instructor)
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_change_password")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


def test_recovery_codes_alone_do_not_count_as_a_second_factor(
    client: Client, instructor: User
) -> None:
    Authenticator.objects.create(
        user=instructor, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00"}
    )
    client.force_login(instructor)
    assert client.get(reverse("teach:home")).status_code == 302


def test_after_adding_an_authenticator_app_the_teaching_pages_open(
    client: Client, instructor: User
) -> None:
    assert sign_in(client, instructor).status_code == 302
    assert client.get(reverse("teach:home"))["Location"] == reverse("mfa_index")

    # Adding a factor asks for the password again (someone at an unlocked screen cannot).
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert client.post(reverse("mfa_activate_totp"), {"code": "000000"}).status_code == 200
    assert not Authenticator.objects.filter(user=instructor).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=instructor, type=Authenticator.Type.TOTP).exists()
    # Recovery codes are made alongside, for a lost phone.
    assert Authenticator.objects.filter(
        user=instructor, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    assert client.get(reverse("teach:home")).status_code == 200


def test_a_passkey_also_satisfies_the_requirement(client: Client, instructor: User) -> None:
    Authenticator.objects.create(user=instructor, type=Authenticator.Type.WEBAUTHN, data={})
    client.force_login(instructor)
    assert client.get(reverse("teach:home")).status_code == 200


def test_signing_in_with_an_authenticator_app_asks_for_the_code_after_the_password(
    client: Client, instructor: User
) -> None:
    secret = generate_totp_secret()
    TOTP.activate(instructor, secret)

    response = sign_in(client, instructor)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(instructor.pk)
    assert client.get(reverse("teach:home")).status_code == 200


def test_a_code_cannot_be_used_twice(client: Client, instructor: User) -> None:
    secret = generate_totp_secret()
    TOTP.activate(instructor, secret)
    code = current_code(secret)
    sign_in(client, instructor)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302

    other = Client()
    sign_in(other, instructor)
    assert other.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert "_auth_user_id" not in other.session


def test_a_participant_is_never_asked_but_may_add_one(client: Client, participant: User) -> None:
    client.force_login(participant)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("homework:practice_list")).status_code == 200
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in page  # the account menu links to the setup


def test_passkeys_and_recovery_codes_are_offered(client: Client, participant: User) -> None:
    assert sign_in(client, participant).status_code == 302
    index = client.get(reverse("mfa_index")).content.decode()
    assert reverse("mfa_activate_totp") in index
    assert reverse("mfa_add_webauthn") in index
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_add_webauthn")).status_code == 200
    login_page = Client().get(reverse("account_login")).content.decode()
    assert 'id="passkey_login"' in login_page
    assert "mfa/js/webauthn.js" in login_page


def test_a_removed_second_factor_is_required_again_at_the_next_teaching_page(
    client: Client, instructor: User
) -> None:
    passkey = Authenticator.objects.create(
        user=instructor, type=Authenticator.Type.WEBAUTHN, data={}
    )
    client.force_login(instructor)
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse("teach:home")).status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert client.get(reverse("teach:home")).status_code == 200
    # The answer is kept between pages...
    assert "mfa_authenticator" in " ".join(q["sql"] for q in first.captured_queries)
    assert "mfa_authenticator" not in " ".join(q["sql"] for q in again.captured_queries)
    # ...and forgotten the moment the factor goes.
    passkey.delete()
    assert client.get(reverse("teach:home"))["Location"] == reverse("mfa_index")
