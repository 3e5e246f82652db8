"""Benchmark: page latency against a floor page, through gunicorn, on loopback.

Seeds cohorts of 40 and 200 participants in their eighth week and one participant with 1,000
logs, starts gunicorn (3 sync workers, DEBUG off, PostgreSQL) with the bench settings, signs
people in with real session cookies and measures p50/p95 at 1 and 10 concurrent clients. The
floor is /bench/floor/: login required, the base template, the same middleware. The goal is a
p50 at c=1 of at most 3 times the floor's.

    .venv/bin/python bench/pages.py [--quick] [--requests 30] [--profile]

--profile skips the HTTP run and instead profiles each page in this process (cProfile, test
client, same settings) and prints where its time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    PAGES_DATABASE_URL,
    Timings,
    ensure_database,
    free_port,
    gunicorn,
    hammer,
    machine,
    request,
    use_bench_settings,
    verdict,
)

GOAL = 3.0  # a page's p50 at c=1 may be at most this many floors
ROSTER_FLAT = 1.25  # time per participant on the roster at 200 may exceed that at 40 by this much


@dataclass
class Case:
    name: str
    path: str
    cookies: list[dict[str, str]]  # one per client thread, round robin
    participants: int = 0  # roster size, for the time-per-participant line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: few requests")
    parser.add_argument("--requests", type=int, default=30, help="requests per case at c=1")
    parser.add_argument("--requests-c10", type=int, default=100, help="requests per case at c=10")
    parser.add_argument("--profile", action="store_true", help="profile in-process instead")
    parser.add_argument("--results", help="append the targets as JSON lines to this file")
    args = parser.parse_args()
    if args.quick:
        args.requests, args.requests_c10 = 5, 20

    use_bench_settings(PAGES_DATABASE_URL)
    ensure_database(os.environ["BENCH_DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    from bench.seeding import seed

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_curriculum", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("collectstatic", interactive=False, verbosity=0)
    seeded = seed()
    cases = build_cases(seeded)
    print(f"seeded: cohorts of {', '.join(seeded.cohorts)}; {machine()}")

    if args.profile:
        profile(cases)
        return

    port = free_port()
    results: list[Result] = []
    with gunicorn(port):
        floor = cases[0]
        for case in cases:
            warm(port, case)
            # At c=1 every page request is paired with a floor request in the same moment, so a
            # neighbour's burst of load on this shared machine moves both figures, not the ratio.
            one, beside = paired(port, case, floor, total=args.requests)
            ten = measure(port, case, concurrency=10, total=args.requests_c10)
            results.append(Result(case, one, ten, beside))
            print(
                f"  {case.name}: p50 {ms(one.p50)} at c=1 (floor {ms(beside.p50)}), "
                f"{ms(ten.p50)} at c=10",
                flush=True,
            )
    targets = report(results)
    if args.results:
        with open(args.results, "a") as out:
            for target in targets:
                out.write(json.dumps(target) + "\n")


@dataclass
class Result:
    case: Case
    one: Timings  # c=1
    ten: Timings  # c=10
    floor: Timings  # the floor at c=1, interleaved with `one`


def build_cases(seeded) -> list[Case]:  # type: ignore[no-untyped-def]
    from django.test import Client

    def cookie(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user)
        return {"sessionid": client.cookies["sessionid"].value}

    forty = seeded.cohorts["40"]
    people = [cookie(u) for u in seeded.participants["40"][:10]]
    heavy = [cookie(seeded.heavy.participant)]
    teacher = [cookie(seeded.instructor)]
    week = forty.current_week() or 8
    cases = [
        Case("floor", "/bench/floor/", people),
        Case("participant dashboard", "/", people),
        Case(f"week page (week {week})", f"/weeks/{week}/", people),
        Case("progress chart", "/progress/", people),
    ]
    for label, cohort in seeded.cohorts.items():
        if label.isdigit():
            cases.append(
                Case(
                    f"roster, {label} people",
                    f"/teach/{cohort.public_id}/",
                    teacher,
                    participants=int(label),
                )
            )
    heavy_cohort = seeded.cohorts["1000 logs"]
    cases += [
        Case(
            "participant detail, 1,000 logs",
            f"/teach/{heavy_cohort.public_id}/participants/{seeded.heavy.public_id}/",
            teacher,
        ),
        Case("practice list, 1,000 logs", "/practice/", heavy),
    ]
    for label, cohort in seeded.cohorts.items():
        if label.isdigit():
            cases.append(
                Case(
                    f"weeks CSV, {label} people",
                    f"/teach/{cohort.public_id}/export/weeks.csv",
                    teacher,
                )
            )
            cases.append(
                Case(
                    f"entries CSV, {label} people",
                    f"/teach/{cohort.public_id}/export/entries.csv",
                    teacher,
                )
            )
    return cases


def get(port: int, case: Case, thread: int) -> tuple[bool, str]:
    status, _, body = request("GET", port, case.path, case.cookies[thread % len(case.cookies)])
    if status != 200 or not body:
        return False, f"{status} on {case.path}"
    return True, ""


def warm(port: int, case: Case) -> None:
    """A few untimed requests so each of the 3 workers has compiled its templates."""
    timings = hammer(lambda t: get(port, case, t), concurrency=3, total=6)
    if timings.errors:
        raise SystemExit(f"{case.name}: {timings.errors[0]}")


def measure(port: int, case: Case, *, concurrency: int, total: int) -> Timings:
    timings = hammer(lambda t: get(port, case, t), concurrency=concurrency, total=total)
    if timings.errors:
        raise SystemExit(f"{case.name} at c={concurrency}: {timings.errors[:3]}")
    return timings


def paired(port: int, case: Case, floor: Case, *, total: int) -> tuple[Timings, Timings]:
    """`total` requests of `case` and of `floor`, one after the other, alternating which is first."""
    import time

    page, beside = Timings(), Timings()
    for n in range(total):
        order = [(case, page), (floor, beside)]
        for which, timings in order if n % 2 == 0 else reversed(order):
            started = time.perf_counter()
            ok, problem = get(port, which, n)
            if not ok:
                raise SystemExit(f"{which.name}: {problem}")
            timings.seconds.append(time.perf_counter() - started)
    return page, beside


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def report(results: list[Result]) -> list[dict]:
    floor_ten = results[0].ten
    rows = [
        "| page | p50 c=1 | p95 c=1 | p50 c=10 | p95 c=10 | floor p50 c=1 | ratio | goal | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    targets = []
    for r in results:
        ratio = r.one.p50 / r.floor.p50
        met = ratio <= GOAL
        is_floor = r.case.path == "/bench/floor/"
        rows.append(
            f"| {r.case.name} | {ms(r.one.p50)} | {ms(r.one.p95)} | {ms(r.ten.p50)} "
            f"| {ms(r.ten.p95)} | {ms(r.floor.p50)} | {ratio:.1f}x | ≤ {GOAL:g}x | "
            f"{'(floor)' if is_floor else verdict(met)} |"
        )
        if not is_floor:
            targets.append(
                {"bench": "pages", "target": f"{r.case.name} p50 ≤ {GOAL:g}x floor", "met": met}
            )
    print()
    print("\n".join(rows))
    print(f"\nfloor at c=10: p50 {ms(floor_ten.p50)}, p95 {ms(floor_ten.p95)}")
    rosters = [r for r in results if r.case.participants]
    if len(rosters) >= 2:
        small, big = rosters[0], rosters[-1]
        per_small = (small.one.p50 - small.floor.p50) / small.case.participants
        per_big = (big.one.p50 - big.floor.p50) / big.case.participants
        flat = per_big <= per_small * ROSTER_FLAT
        print(
            f"roster time per participant above the floor: {ms(per_small)} at "
            f"{small.case.participants}, {ms(per_big)} at {big.case.participants} "
            f"(goal: flat, within {ROSTER_FLAT:g}x): met {verdict(flat)}"
        )
        targets.append(
            {"bench": "pages", "target": "roster time per participant flat", "met": flat}
        )
    met = sum(t["met"] for t in targets)
    print(f"pages: {met} of {len(targets)} targets met")
    return targets


def profile(cases: list[Case]) -> None:
    """Where each page's time goes, measured in-process: templates, SQL, and the top functions."""
    from django.test import Client

    from bench.profiling import profile_calls

    for case in cases:
        client = Client(SERVER_NAME="127.0.0.1")
        client.cookies["sessionid"] = case.cookies[0]["sessionid"]

        def fetch(client: Client = client, case: Case = case) -> None:
            response = client.get(case.path)
            assert response.status_code == 200, response.status_code
            if response.streaming:
                b"".join(response.streaming_content)

        profile_calls(case.name, fetch)


if __name__ == "__main__":
    main()
