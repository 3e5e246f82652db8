"""Benchmark: practice-log POSTs at 50 connections against a bare one-INSERT POST, through gunicorn.

Each connection is a different signed-in participant (real session, CSRF cookie and token taken
from the real form) posting one-minute logs with a fresh submission token. The floor is
/bench/insert/ (bench settings only): same middleware, login required, one INSERT. Afterwards
the rows in the database are matched against the acknowledged responses by submission token:
none may be lost (acknowledged, not in the table) or doubled (one token, two rows). The goal is
a rate of at least 0.6 of the floor's.

    .venv/bin/python bench/writes.py [--connections 50] [--seconds 20] [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    PAGES_DATABASE_URL,
    Timings,
    csrf_for,
    ensure_database,
    free_port,
    gunicorn,
    hammer,
    machine,
    request,
    use_bench_settings,
    verdict,
)

GOAL = 0.6  # the practice-log POST's rate as a share of the bare INSERT's


@dataclass
class Writer:
    """One connection's identity: a participant's cookies, CSRF token and enrolment."""

    cookies: dict[str, str]
    csrf: str
    enrolment_id: int
    posted: int = 0


@dataclass
class Run:
    name: str
    timings: Timings
    acknowledged: set[str] = field(default_factory=set)
    rows: int = 0
    lost: int = 0
    doubled: int = 0
    unacknowledged_rows: int = 0

    @property
    def rate(self) -> float:
        return len(self.acknowledged) / self.timings.wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--slices", type=int, default=4, help="turns each kind of POST takes")
    parser.add_argument("--profile", action="store_true", help="profile in-process instead")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 5 s each")
    parser.add_argument("--results", help="append the target as a JSON line to this file")
    args = parser.parse_args()
    if args.quick:
        args.seconds = 5.0

    use_bench_settings(PAGES_DATABASE_URL)
    ensure_database(os.environ["BENCH_DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from bench.seeding import seed
    from course.models import Practice

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_curriculum", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("collectstatic", interactive=False, verbosity=0)
    label = str(args.connections)
    seeded = seed(sizes=(args.connections,), heavy_logs=0)
    cohort = seeded.cohorts[label]
    practice = Practice.objects.filter(category="formal").order_by("pk").first()
    assert practice is not None
    days = [
        (cohort.start_date + dt.timedelta(days=n)).isoformat()
        for n in range((cohort.local_today() - cohort.start_date).days + 1)
    ]
    print(f"seeded: {args.connections} participants; {machine()}")

    if args.profile:
        profile(seeded.participants[label][0], practice.pk, days)
        return

    port = free_port()
    with gunicorn(port):
        writers = []
        for user in seeded.participants[label]:
            client = Client()
            client.force_login(user)
            cookies = {"sessionid": client.cookies["sessionid"].value}
            csrf = csrf_for(port, "/practice/new/", cookies)
            writers.append(Writer(cookies, csrf, user.enrolments.get().pk))

        def form(writer: Writer, token: str, bare: bool) -> dict[str, str]:
            writer.posted += 1
            fields = {
                "csrfmiddlewaretoken": writer.csrf,
                "practice": str(practice.pk),
                "practised_on": days[writer.posted % len(days)],
                "submission_token": token,
            }
            if bare:
                return {**fields, "enrolment": str(writer.enrolment_id)}
            return {**fields, "minutes": "1", "guided": "on", "note": ""}

        runs, posts = [], []
        for name, path, bare, accepted in (
            ("bare INSERT (floor)", "/bench/insert/", True, 201),
            ("practice-log POST", "/practice/new/", False, 302),
        ):
            run = Run(name, Timings())
            lock = threading.Lock()

            def post(
                thread: int,
                path: str = path,
                bare: bool = bare,
                accepted: int = accepted,
                run: Run = run,
                lock: threading.Lock = lock,
            ) -> tuple[bool, str]:
                writer = writers[thread]
                token = str(uuid.uuid4())
                status, response, body = request(
                    "POST", port, path, writer.cookies, form(writer, token, bare)
                )
                if status != accepted:
                    return False, f"{status}: {body[:200]!r}"
                if not bare and response.getheader("Location") != "/practice/":
                    return False, f"redirected to {response.getheader('Location')}"
                with lock:
                    run.acknowledged.add(token)
                return True, ""

            hammer(post, concurrency=len(writers), total=len(writers))  # warm, not counted
            run.acknowledged.clear()
            runs.append(run)
            posts.append(post)

        # Floor and real POSTs take turns in slices, so load from the machine's other users
        # falls on both alike and the ratio stays meaningful.
        before = count_rows()
        for number in range(args.slices):
            pairs = list(zip(runs, posts, strict=True))
            for run, post in pairs if number % 2 == 0 else pairs[::-1]:
                part = hammer(post, concurrency=len(writers), duration=args.seconds / args.slices)
                run.timings.seconds += part.seconds
                run.timings.errors += part.errors
                run.timings.wall += part.wall
        check(runs, before)
        for run in runs:
            print(f"  {run.name}: {run.rate:.1f} acknowledged writes a second", flush=True)

    floor, real = runs
    ratio = real.rate / floor.rate
    print()
    print("| POST | writes/s | p50 | p95 | acknowledged | errors | lost | doubled |")
    print("|---|---|---|---|---|---|---|---|")
    for run in runs:
        print(
            f"| {run.name} | {run.rate:.1f} | {run.timings.p50 * 1000:.0f} ms "
            f"| {run.timings.p95 * 1000:.0f} ms | {len(run.acknowledged)} "
            f"| {len(run.timings.errors)} | {run.lost} | {run.doubled} |"
        )
    safe = all(r.lost == 0 and r.doubled == 0 for r in runs)
    met = ratio >= GOAL
    print(
        f"\nwrites at {args.connections} connections, {args.seconds:g} s each in "
        f"{args.slices} alternating slices: value "
        f"{real.rate:.1f}/s, floor {floor.rate:.1f}/s, ratio {ratio:.2f}, goal ≥ {GOAL:g}: "
        f"met {verdict(met)}; no lost or doubled writes: {verdict(safe)}"
    )
    for run in runs:
        if run.timings.errors:
            print(f"  {run.name}, first error: {run.timings.errors[0]}")
        if run.unacknowledged_rows:
            print(
                f"  {run.unacknowledged_rows} rows written whose response never "
                "arrived (not lost; the client gave up)"
            )
    if args.results:
        with open(args.results, "a") as out:
            for target, ok in (
                ("writes ≥ 0.6 of the floor", met),
                ("no lost or doubled writes", safe),
            ):
                out.write(json.dumps({"bench": "writes", "target": target, "met": ok}) + "\n")


def profile(user, practice: int, days: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Both POSTs in-process under cProfile (the test client skips the CSRF check)."""
    from django.test import Client

    from bench.profiling import profile_calls

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    enrolment = user.enrolments.get().pk
    posted = [0]

    def post(path: str, fields: dict[str, str], status: int) -> None:
        posted[0] += 1
        data = {
            **fields,
            "practice": str(practice),
            "practised_on": days[posted[0] % len(days)],
            "submission_token": str(uuid.uuid4()),
        }
        response = client.post(path, data)
        assert response.status_code == status, (response.status_code, response.content[:300])

    profile_calls(
        "bare INSERT (floor)",
        lambda: post("/bench/insert/", {"enrolment": str(enrolment)}, 201),
        repeats=20,
    )
    profile_calls(
        "practice-log POST",
        lambda: post("/practice/new/", {"minutes": "1", "guided": "on", "note": ""}, 302),
        repeats=20,
    )


def count_rows() -> int:
    from homework.models import PracticeLog

    return PracticeLog.objects.count()


def check(runs: list[Run], before: int) -> None:
    """Match the table against what the server acknowledged, by submission token."""
    from django.db.models import Count

    from homework.models import PracticeLog

    written = count_rows() - before
    matched = 0
    for run in runs:
        acknowledged = [uuid.UUID(t) for t in run.acknowledged]
        found = PracticeLog.objects.filter(submission_token__in=acknowledged)
        tokens = list(found.values("submission_token").annotate(n=Count("id")))
        seen = {row["submission_token"] for row in tokens}
        run.rows = sum(row["n"] for row in tokens)
        run.lost = len(set(acknowledged) - seen)
        run.doubled = sum(row["n"] - 1 for row in tokens if row["n"] > 1)
        matched += run.rows
    # Rows whose response never came back (a client timeout): not lost, but worth a line.
    runs[-1].unacknowledged_rows = max(0, written - matched)


if __name__ == "__main__":
    main()
