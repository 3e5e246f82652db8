"""The ledger in the admin: status, attempts and last error at a glance."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from notifications.models import Delivery

pytestmark = pytest.mark.django_db


def test_staff_see_the_ledger_with_status_attempts_and_last_error(
    client: Client, staff: User, participant: User
) -> None:
    row = Delivery.objects.create(
        recipient=participant,
        kind="summary",
        period="cohort:1:week:2",
        status="failed",
        attempts=1,
        last_error="SMTPRecipientsRefused: 550 No such mailbox",
    )
    client.force_login(staff)
    listing = client.get("/admin/notifications/delivery/?status__exact=failed")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "550 No such mailbox" in content
    assert "Failed" in content
    assert client.get(f"/admin/notifications/delivery/{row.pk}/change/").status_code == 200


def test_participants_cannot_open_the_ledger(client: Client, participant: User) -> None:
    client.force_login(participant)
    response = client.get("/admin/notifications/delivery/")
    assert response.status_code == 302
