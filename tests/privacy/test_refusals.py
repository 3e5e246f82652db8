"""Every privacy page is about the signed-in person only: strangers are sent to sign in, and
nobody (a classmate, another cohort's instructor) can reach someone else's data through them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.consent import give_consent
from accounts.models import User
from privacy.links import download_token
from privacy.models import DataExport, DeletionRequest

pytestmark = pytest.mark.django_db

SIGNED_IN_ONLY = [
    ("get", "privacy:your_data"),
    ("get", "privacy:delete"),
    ("post", "privacy:delete"),
    ("post", "privacy:request_export"),
    ("post", "privacy:cancel_deletion"),
]


@pytest.mark.parametrize(("method", "name"), SIGNED_IN_ONLY)
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, method: str, name: str) -> None:
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not DataExport.objects.exists()
    assert not DeletionRequest.objects.exists()


def test_the_privacy_notice_is_public(client: Client) -> None:
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "Who sees what" in page


@pytest.mark.parametrize("who", ["second_participant", "instructor", "other_instructor", "staff"])
def test_nobody_else_can_download_or_see_a_persons_data(
    client: Client, participant: User, who: str, request: pytest.FixtureRequest
) -> None:
    item = DataExport.objects.create(user=participant, status="ready", path="private/x/y.zip")
    give_consent(participant)
    other: User = request.getfixturevalue(who)
    client.force_login(other)
    assert client.get(reverse("privacy:download", args=[download_token(item)])).status_code == 404
    page = client.get(reverse("privacy:your_data")).content.decode()
    assert "notice version" not in page  # the participant's consent is not shown to others
    assert "Asked " not in page


def test_get_is_refused_where_only_post_acts(pat: Client) -> None:
    assert pat.get(reverse("privacy:request_export")).status_code == 405
    assert pat.get(reverse("privacy:cancel_deletion")).status_code == 405
    assert not DataExport.objects.exists()
