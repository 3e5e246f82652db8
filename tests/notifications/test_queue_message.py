"""The public path for one-off messages (invitations, announcements): ledger, then a worker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import mail

from accounts.models import User
from config.celery_app import app
from notifications.actions import queue_message
from notifications.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery() -> Iterator[None]:
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.mark.usefixtures("eager_celery")
def test_a_queued_message_is_sent_once_after_commit(
    participant: User, django_capture_on_commit_callbacks
) -> None:
    context = {"log_url": "http://127.0.0.1:8000/practice/new/"}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = queue_message(participant, "announcement", "news:7", "daily-reminder", context)
        again = queue_message(participant, "announcement", "news:7", "daily-reminder", context)
        # Nothing is sent before the caller's transaction commits.
        assert mail.outbox == []
    assert first.pk == again.pk
    assert len(callbacks) == 1
    first.refresh_from_db()
    assert first.status == "sent"
    (message,) = mail.outbox
    assert message.to == [participant.email]
    assert "List-Unsubscribe" in message.extra_headers


@pytest.mark.usefixtures("eager_celery")
def test_an_invitation_can_go_to_an_address_without_an_account(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        row = queue_message(
            "New.Person@Example.org", "invitation", "cohort:3", "daily-reminder", {}
        )
    row.refresh_from_db()
    assert (row.recipient, row.to, row.status) == (None, "new.person@example.org", "sent")
    assert mail.outbox[0].to == ["new.person@example.org"]


def test_an_unknown_kind_is_refused(participant: User) -> None:
    with pytest.raises(ValueError, match="Unknown kind"):
        queue_message(participant, "newsletter", "x", "daily-reminder", {})
    assert not Delivery.objects.exists()
