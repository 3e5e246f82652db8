"""One-click unsubscribe: headers on every message, POST without cookies, GET harmless."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client

from accounts.models import User
from course.models import Cohort, Enrolment
from notifications.actions import queue_message
from notifications.due import class_reminder_due, summary_due
from notifications.models import Delivery, EmailOptOut, NotificationSettings
from notifications.send import deliver_batch
from notifications.signing import make_token, unsubscribe_url
from tests.support.notifications import run_tick

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def link_in(message: mail.EmailMessage) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    return re.fullmatch(r"<(.+)>", header).group(1)


def test_every_kind_of_message_carries_both_unsubscribe_headers(
    enrolment: Enrolment, cohort: Cohort, instructor: User, django_capture_on_commit_callbacks
) -> None:
    session = cohort.sessions.get(kind="week", number=3)
    with time_machine.travel(class_reminder_due(session) + dt.timedelta(minutes=1), tick=False):
        run_tick()  # class reminder
    with time_machine.travel(summary_due(cohort, 2) + dt.timedelta(minutes=1), tick=False):
        run_tick()  # weekly summary, and the digest for class 3 that morning
    prefs = NotificationSettings.objects.get(user=enrolment.participant)
    with time_machine.travel(prefs.next_daily_at + dt.timedelta(minutes=1), tick=False):
        run_tick()  # daily reminder
    with django_capture_on_commit_callbacks(execute=False):
        queue_message("new@example.org", "invitation", "cohort:1", "daily-reminder", {})
    deliver_batch(list(Delivery.objects.filter(kind="invitation").values_list("pk", flat=True)))
    subjects = {m.subject.split(":")[0] for m in mail.outbox}
    assert len(mail.outbox) >= 5, subjects
    kinds = set(Delivery.objects.filter(status="sent").values_list("kind", flat=True))
    assert kinds == {"daily", "class", "summary", "digest", "invitation"}
    for message in mail.outbox:
        assert link_in(message).startswith("http://127.0.0.1:8000/notifications/unsubscribe/")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_post_without_cookies_unsubscribes_from_that_kind_only(participant: User) -> None:
    url = unsubscribe_url("daily", user_public_id=str(participant.public_id))
    client = Client(enforce_csrf_checks=True)  # as a mail client: no session, no CSRF cookie
    response = client.post(path_of(url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert b"You are unsubscribed" in response.content
    prefs = NotificationSettings.objects.get(user=participant)
    assert prefs.daily_enabled is False
    assert prefs.summary_enabled is True
    assert prefs.class_enabled is True


def test_a_get_only_asks_and_changes_nothing(participant: User) -> None:
    url = unsubscribe_url("summary", user_public_id=str(participant.public_id))
    response = Client().get(path_of(url))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<form method="post"' in content
    assert "<button" in content
    assert NotificationSettings.objects.get(user=participant).summary_enabled is True


def test_a_tampered_token_is_refused_with_a_clear_page(participant: User) -> None:
    token = make_token("daily", user_public_id=str(participant.public_id))
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for method in ("get", "post"):
        response = getattr(Client(), method)(f"/notifications/unsubscribe/{forged}/")
        assert response.status_code == 400
        assert b"This unsubscribe link is not valid" in response.content
    # Someone else's kind cannot be swapped in either: the payload is signed as a whole.
    assert NotificationSettings.objects.get(user=participant).daily_enabled is True


def test_repeating_the_post_is_harmless(participant: User) -> None:
    url = path_of(unsubscribe_url("class", user_public_id=str(participant.public_id)))
    first = Client().post(url)
    second = Client().post(url)
    assert first.status_code == second.status_code == 200
    assert NotificationSettings.objects.get(user=participant).class_enabled is False


def test_an_unsubscribed_kind_is_no_longer_sent(enrolment: Enrolment, cohort: Cohort) -> None:
    participant = enrolment.participant
    Client().post(path_of(unsubscribe_url("summary", user_public_id=str(participant.public_id))))
    with time_machine.travel(summary_due(cohort, 2) + dt.timedelta(minutes=1), tick=False):
        run_tick()
    assert not [m for m in mail.outbox if "in review" in m.subject]
    assert Delivery.objects.get(kind="summary").status == "skipped"


def test_an_address_without_an_account_can_opt_out_of_invitations(
    django_capture_on_commit_callbacks,
) -> None:
    Client().post(path_of(unsubscribe_url("invitation", email="someone@example.org")))
    assert EmailOptOut.objects.filter(email="someone@example.org", kind="invitation").exists()
    with django_capture_on_commit_callbacks(execute=False):
        row = queue_message("Someone@example.org", "invitation", "cohort:9", "daily-reminder", {})
    deliver_batch([row.pk])
    row.refresh_from_db()
    assert row.status == "skipped"
    assert mail.outbox == []
