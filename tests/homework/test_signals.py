"""Homework writes replace the writer's enrolment token (homework/signals.py), whichever path
made them, so every cached page of that person's is recomputed on the next view."""

from __future__ import annotations

import pytest

from accounts.models import User
from course import freshness
from course.models import Enrolment
from homework import actions
from homework.models import Message

pytestmark = pytest.mark.django_db


def test_a_message_or_reply_replaces_the_persons_token(
    enrolment: Enrolment, instructor: User, participant: User
) -> None:
    def token() -> str:
        return freshness.read(enrolment.cohort_id, [enrolment.pk]).enrolments[enrolment.pk]

    before = token()
    message = actions.send_message(enrolment, instructor, "Hello")
    after_message = token()
    assert after_message != before
    actions.reply(enrolment, participant, "Hello back", thread=message)
    assert token() != after_message
    changed = token()
    Message.objects.filter(pk=message.pk).get().delete()
    assert token() != changed
