"""Benchmark: the weekly-summary fan-out for 10,000 participants in 400 cohorts.

Seeds eight weeks of practice, then runs the real path: the dispatcher writes the ledger rows
and queues batches of ids; a real Celery worker (on Redis) claims, renders and sends them to a
local aiosmtpd sink. Prints summaries per second and the queries one batch costs.

Then the floor: the very messages the sink received, pushed again by a plain loop through
Django's SMTP backend from as many processes as the worker had (one connection per batch of
BATCH_SIZE, one send per message, as the worker does) to the same sink. The goal is a worker
rate of at least half the floor's. The two take turns in slices of the cohorts (--slices), so
on a busy machine the neighbours' load falls on both alike; the worker's time for a slice runs
from the dispatch to the last `sent_at` the ledger recorded.

    .venv/bin/python bench/summary_fanout.py [--participants 10000] [--cohorts 400]
    .venv/bin/python bench/summary_fanout.py --n 500   # a smoke run (cohorts scale with it)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

from bench.common import ensure_database  # noqa: E402 - after the path is set

GOAL = 0.5  # the worker's rate as a share of the bare-SMTP floor's


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", "--n", type=int, default=10_000)
    parser.add_argument("--cohorts", type=int, help="default: one per 25 participants")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=1800, help="seconds to wait for the sends")
    parser.add_argument(
        "--slices", type=int, default=4, help="turns the worker and the floor take, alternately"
    )
    parser.add_argument("--results", help="append the target as a JSON line to this file")
    args = parser.parse_args()
    if args.cohorts is None:
        args.cohorts = max(1, min(400, args.participants // 25))

    port = free_port()
    os.environ["BENCH_SINK_PORT"] = str(port)
    ensure_database(
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stillpoint_bench")
    )

    import django

    django.setup()
    import logging

    from aiosmtpd.controller import Controller
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.db.models import Max
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from notifications.due import dispatch_summaries, summary_due
    from notifications.models import Delivery
    from notifications.record import CHUNK
    from notifications.send import BATCH_SIZE, deliver_batch
    from notifications.tasks import enqueue_batches
    from tests.support.celery_worker import celery_worker
    from tests.support.notifications import SinkHandler

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_curriculum", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115

    started = time.monotonic()
    cohorts = seed(args.participants, args.cohorts)
    print(
        f"seeded {args.participants} participants in {args.cohorts} cohorts "
        f"in {time.monotonic() - started:.1f}s"
    )

    handler = SinkHandler()
    sink = Controller(handler, hostname="127.0.0.1", port=port)
    sink.start()
    try:
        # One batch in this process first, to count its queries (week 7's summaries).
        week7 = max(summary_due(c, 7) for c in cohorts) + dt.timedelta(minutes=1)
        sample = dispatch_summaries(week7, cohorts)[:BATCH_SIZE]
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            outcome = deliver_batch(sample)
        handled = len(outcome.sent) + len(outcome.skipped) + len(outcome.failed)
        # The claim is the first UPDATE; every later one writes a chunk of outcomes.
        writes = sum(q["sql"].startswith("UPDATE") for q in queries.captured_queries) - 1
        fixed = len(queries) - writes
        Delivery.objects.all().delete()
        handler.received.clear()

        now = max(summary_due(c, 8) for c in cohorts) + dt.timedelta(minutes=1)
        env = {"DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_SINK_PORT": str(port)}
        # The worker and the floor take turns, slice by slice (a share of the cohorts each), so
        # the load of a busy machine's neighbours falls on both alike.
        slices = [cohorts[n :: args.slices] for n in range(args.slices)]
        dispatched = elapsed = floor_elapsed = wire_elapsed = 0.0
        rows = sent = floor_received = wire_received = messages_count = 0
        with celery_worker(concurrency=args.concurrency, extra_env=env):
            for part in slices:
                handler.received.clear()
                started_at = timezone.now()
                started = time.monotonic()
                ids = dispatch_summaries(now, part)
                enqueue_batches(ids)
                dispatched += time.monotonic() - started
                rows += len(ids)
                give_up = time.monotonic() + args.timeout
                mine = Delivery.objects.filter(pk__in=ids)
                # The slices before are done, so "anything unfinished" is this slice (and an
                # index-only look, not a list of thousands of ids, ten times a second).
                while Delivery.objects.filter(status__in=["pending", "sending"]).exists():
                    if time.monotonic() > give_up:
                        left = Delivery.objects.exclude(status="sent").count()
                        raise SystemExit(
                            f"gave up after {args.timeout} s with {left} summaries not sent"
                        )
                    time.sleep(0.1)
                # Until the last send, as the ledger recorded it (not the polling's moment).
                last = mine.aggregate(last=Max("sent_at"))["last"] or timezone.now()
                elapsed += (last - started_at).total_seconds()
                sent += mine.filter(status="sent").count()
                messages = list(handler.received)
                messages_count += len(messages)
                handler.received.clear()
                floor_elapsed += bare_smtp(messages, args.concurrency, BATCH_SIZE, build=True)
                floor_received += len(handler.received)
                handler.received.clear()
                wire_elapsed += bare_smtp(messages, args.concurrency, BATCH_SIZE, build=False)
                wire_received += len(handler.received)
                handler.received.clear()
    finally:
        sink.stop()

    print(f"dispatch: {rows} ledger rows written and queued in {dispatched:.2f}s")
    print(
        f"sent: {sent} summaries ({messages_count} received by the sink) in {elapsed:.1f}s "
        f"with {args.concurrency} worker processes, in {args.slices} slices taking turns "
        "with the floor"
    )
    print(f"summaries per second: {sent / elapsed:.1f}")
    print(
        f"queries per batch of {len(sample)}: {len(queries)} = {fixed} fixed "
        f"(claim, load, progress and next week) + {writes} ledger writes for {handled} "
        f"messages (one per chunk of {CHUNK})"
    )
    value = sent / elapsed
    floor = floor_received / floor_elapsed
    met = value >= GOAL * floor
    print(
        f"bare SMTP floor: the same {messages_count} messages ({floor_received} received) pushed "
        f"in {floor_elapsed:.1f}s by a plain loop in {args.concurrency} processes, each "
        f"built as an EmailMultiAlternatives and sent ({floor_received / floor_elapsed:.1f} msgs/s)"
    )
    print(
        f"  (the wire alone, the received bytes resent verbatim: {wire_received} in "
        f"{wire_elapsed:.1f}s, {wire_received / wire_elapsed:.1f} msgs/s)"
    )
    print(
        f"fan-out: value {value:.1f} msgs/s, floor {floor:.1f} msgs/s, "
        f"ratio {value / floor:.2f}, goal ≥ {GOAL:g}: met {'yes' if met else 'NO'}"
    )
    if args.results:
        import json

        with open(args.results, "a") as out:
            target = {"bench": "fanout", "target": f"fan-out ≥ {GOAL:g} of bare SMTP", "met": met}
            out.write(json.dumps(target) + "\n")


def bare_smtp(
    messages: list[tuple[list[str], bytes]], processes: int, batch: int, *, build: bool
) -> float:
    """Seconds to push `messages` to the sink again with nothing but Django's SMTP backend.

    Split evenly over `processes` forked processes; each opens one connection per `batch`
    messages and sends them one at a time, which is the worker's pattern minus the database,
    the templates and the ledger. With `build`, each message is rebuilt as an
    EmailMultiAlternatives from its parts (subject, headers, text and HTML) before it is sent,
    as any sender must; without it the received bytes are sent verbatim (the wire alone).
    """
    import multiprocessing

    from django.db import connections

    connections.close_all()  # the children never touch the database; don't share a socket
    work = [_parts(raw, recipients) if build else (recipients, raw) for recipients, raw in messages]
    shares = [work[n::processes] for n in range(processes)]
    context = multiprocessing.get_context("fork")
    started = time.monotonic()
    workers = [context.Process(target=_push, args=(share, batch, build)) for share in shares]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    if any(worker.exitcode for worker in workers):
        raise SystemExit("a bare-SMTP process failed")
    return elapsed


KEPT_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post", "X-Stillpoint-Delivery", "Reply-To")


def _parts(raw: bytes, recipients: list[str]) -> dict:
    """What a sender starts from: subject, sender, headers, and the text and HTML bodies."""
    import email
    from email import policy

    parsed = email.message_from_bytes(raw, policy=policy.default)
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    return {
        "subject": str(parsed["Subject"]),
        "from_email": str(parsed["From"]),
        "to": recipients,
        "headers": {k: str(parsed[k]) for k in KEPT_HEADERS if parsed[k] is not None},
        "body": text.get_content() if text else "",
        "html": html.get_content() if html else None,
    }


class _AsReceived:
    """A message already rendered to its bytes: what as_bytes() returns is sent verbatim."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def as_bytes(self, linesep: str = "\r\n") -> bytes:
        return self.raw


def _push(work: list, batch: int, build: bool) -> None:
    from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection

    class Raw(EmailMessage):
        def __init__(self, recipients: list[str], raw: bytes) -> None:
            super().__init__(to=recipients)
            self.raw = raw

        def message(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return _AsReceived(self.raw)

    def make(item):  # type: ignore[no-untyped-def]
        if not build:
            return Raw(*item)
        parts = dict(item)
        html = parts.pop("html")
        message = EmailMultiAlternatives(**parts)
        if html:
            message.attach_alternative(html, "text/html")
        return message

    for first in range(0, len(work), batch):
        connection = get_connection(fail_silently=False)
        connection.open()
        try:
            for item in work[first : first + batch]:
                connection.send_messages([make(item)])
        finally:
            connection.close()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed(participants: int, cohort_count: int) -> list:
    import random

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from course.actions import create_cohort
    from course.models import CalendarKind, Curriculum, Enrolment, Practice
    from homework.models import CalendarEntry, CheckIn, PracticeLog

    rng = random.Random(5)
    curriculum = Curriculum.objects.get(slug="mbsr-8-week")
    zones = [
        "Europe/Berlin",
        "America/New_York",
        "Australia/Lord_Howe",
        "America/Santiago",
        "Asia/Kolkata",
        "UTC",
        "Europe/London",
        "Pacific/Auckland",
    ]
    start = timezone.now().date() - dt.timedelta(days=57)
    cohorts = [
        create_cohort(
            curriculum=curriculum,
            title=f"Bench cohort {n}",
            start_date=start,
            time_zone=zones[n % len(zones)],
        )
        for n in range(cohort_count)
    ]
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=f"bench{n}@example.org",
                display_name=f"Bench {n}",
                password=password,
                time_zone=zones[n % len(zones)],
            )
            for n in range(participants)
        ],
        batch_size=2000,
    )
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(
                cohort=cohorts[n % cohort_count], participant=u, status=Enrolment.Status.ACTIVE
            )
            for n, u in enumerate(users)
        ],
        batch_size=2000,
    )
    practices = list(Practice.objects.filter(category="formal").values_list("pk", flat=True))
    logs, checkins, entries = [], [], []
    for enrolment in enrolments:
        keen = rng.random()
        for day in range(56):
            date = start + dt.timedelta(days=day)
            if rng.random() < keen:
                logs.append(
                    PracticeLog(
                        enrolment=enrolment,
                        practice_id=rng.choice(practices),
                        practised_on=date,
                        minutes=rng.randint(10, 50),
                    )
                )
            if day % 3 == 0:
                checkins.append(
                    CheckIn(
                        enrolment=enrolment,
                        day=date,
                        pain=rng.randint(0, 10),
                        stress=rng.randint(0, 10),
                    )
                )
            if 7 <= day < 14 and rng.random() < keen:
                entries.append(
                    CalendarEntry(
                        enrolment=enrolment,
                        kind=CalendarKind.PLEASANT,
                        occurred_on=date,
                        event="A walk",
                    )
                )
    for model, rows in ((PracticeLog, logs), (CheckIn, checkins), (CalendarEntry, entries)):
        for first in range(0, len(rows), 5000):
            model.objects.bulk_create(rows[first : first + 5000])
    print(
        f"  {len(logs)} practice logs, {len(checkins)} check-ins, {len(entries)} calendar entries"
    )
    return cohorts


if __name__ == "__main__":
    main()
