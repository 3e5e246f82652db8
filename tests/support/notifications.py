"""Helpers for the notification tests: an in-process tick, an SMTP sink, seeded weeks."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends import locmem, smtp

from accounts.models import User
from course.actions import create_cohort
from course.models import Cohort, Curriculum, Enrolment, Practice
from homework.models import PracticeLog
from notifications.due import dispatch_due
from notifications.models import Delivery
from notifications.send import BATCH_SIZE, Outcome, deliver_batch

# aiosmtpd logs every SMTP command at INFO; a thousand messages would drown the test output.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def run_tick(now: dt.datetime | None = None) -> Outcome:
    """What beat + a worker do, in this process: dispatch, then deliver every batch."""
    ids = dispatch_due(now)
    total = Outcome()
    for start in range(0, len(ids), BATCH_SIZE):
        outcome = deliver_batch(ids[start : start + BATCH_SIZE])
        total.sent += outcome.sent
        total.skipped += outcome.skipped
        total.failed += outcome.failed
        total.retry += outcome.retry
        total.busy += outcome.busy
    return total


def messages_with_subject(fragment: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if fragment in m.subject]


def make_cohort(curriculum: Curriculum, start: dt.date, zone: str, **fields: object) -> Cohort:
    return create_cohort(
        curriculum=curriculum, title=f"Cohort in {zone}", start_date=start, time_zone=zone, **fields
    )


def log_practice(
    enrolment: Enrolment, day: dt.date, minutes: int = 30, slug: str = "body-scan"
) -> None:
    PracticeLog.objects.create(
        enrolment=enrolment,
        practice=Practice.objects.get(slug=slug),
        practised_on=day,
        minutes=minutes,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class SinkHandler:
    """Accepts mail, after replying to RCPT with any scripted refusals first."""

    rcpt_replies: list[str] = field(default_factory=list)
    mail_from_reply: str = ""  # a refusal of our sender address, if set
    received: list[tuple[list[str], bytes]] = field(default_factory=list)
    rcpt_seen: int = 0
    delay: float = 0.0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mail_from_reply:
            return self.mail_from_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_seen += 1
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


@dataclass
class Sink:
    handler: SinkHandler
    port: int


class SlowLocmemBackend(locmem.EmailBackend):
    """The test outbox, but each message takes a moment, so concurrent senders overlap."""

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        time.sleep(0.02)
        return super().send_messages(messages)


class DiesMidBatch(smtp.EmailBackend):
    """Django's SMTP backend in a process that dies right after the server accepted message
    number `after`: os._exit, like a SIGKILL, runs no `finally`, so nothing more is recorded."""

    after = 0
    sent = 0

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        count = super().send_messages(messages)
        DiesMidBatch.sent += count
        if DiesMidBatch.sent >= DiesMidBatch.after:
            os._exit(9)
        return count


def announcement_delivery(user: User) -> Delivery:
    """A one-off ledger row for `user`, drawn with the daily reminder's template."""
    return Delivery.objects.create(
        recipient=user,
        kind="announcement",
        period="news:1",
        template="daily-reminder",
        context={"log_url": "http://127.0.0.1:8000/practice/new/"},
    )
