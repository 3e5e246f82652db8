"""Seed data for the page and write benches: cohorts in their eighth week, with real-looking logs.

Imitates bench/summary_fanout.py and seed_demo: every participant has a keenness between 0 and 1
that decides how many of the course days they practised, checks in every third day, fills in
week 2's pleasant-events calendar, shares some entries with the instructors and has attendance
marks for the classes already held. Rows are bulk-created; nothing here runs through the views.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from course.actions import create_cohort
from course.models import Attendance, CalendarKind, Cohort, Curriculum, Enrolment, Practice
from homework.models import CalendarEntry, CheckIn, PracticeLog

# Day 52 of the course: week 8 is under way and weeks 1-7 are complete.
COURSE_DAYS = 52
NOTES = ["", "", "Busy mind; came back to the breath.", "Back eased towards the end.", ""]


@dataclass
class Seeded:
    instructor: User
    cohorts: dict[str, Cohort]  # "40", "200", "1000 logs"
    participants: dict[str, list[User]]
    heavy: Enrolment  # the participant with 1,000 logs


def seed(sizes: tuple[int, ...] = (40, 200), heavy_logs: int = 1000) -> Seeded:
    """One instructor teaching a cohort of each size, plus a cohort of one with `heavy_logs` logs."""
    rng = random.Random(11)
    curriculum = Curriculum.objects.get(slug="mbsr-8-week")
    start = timezone.now().date() - dt.timedelta(days=COURSE_DAYS)
    instructor = User.objects.create(
        email="bench-teacher@example.org",
        display_name="Bench teacher",
        is_instructor=True,
        time_zone="Europe/London",
        password=make_password(None),
    )
    # Teaching pages need a second factor: the bench teacher has an authenticator app, as every
    # real instructor must, so the roster is measured rather than the set-up redirect.
    TOTP.activate(instructor, generate_totp_secret())
    cohorts: dict[str, Cohort] = {}
    participants: dict[str, list[User]] = {}
    for label, size in [*((str(n), n) for n in sizes), ("1000 logs", 1)]:
        cohort = create_cohort(
            curriculum=curriculum,
            title=f"Bench cohort of {label}",
            start_date=start,
            time_zone="Europe/London",
            instructors=[instructor],
        )
        cohorts[label] = cohort
        participants[label] = User.objects.bulk_create(
            [
                User(
                    email=f"bench-{label.replace(' ', '')}-{n}@example.org",
                    display_name=f"Participant {n:03d} of {label}",
                    time_zone="Europe/London",
                    password=make_password(None),
                )
                for n in range(size)
            ]
        )
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(cohort=cohort, participant=user, status=Enrolment.Status.ACTIVE)
                for user in participants[label]
            ]
        )
        _homework(enrolments, start, rng)
        _attendance(cohort, enrolments, rng)
    heavy = Enrolment.objects.get(cohort=cohorts["1000 logs"])
    _many_logs(heavy, start, heavy_logs, rng)
    return Seeded(instructor, cohorts, participants, heavy)


def _homework(enrolments: list[Enrolment], start: dt.date, rng: random.Random) -> None:
    practices = list(Practice.objects.filter(category="formal").values_list("pk", flat=True))
    logs, check_ins, entries = [], [], []
    for enrolment in enrolments:
        keen = rng.random()
        for day in range(COURSE_DAYS):
            date = start + dt.timedelta(days=day)
            if rng.random() < keen:
                logs.append(
                    PracticeLog(
                        enrolment=enrolment,
                        practice_id=rng.choice(practices),
                        practised_on=date,
                        minutes=rng.randint(10, 50),
                        note=rng.choice(NOTES),
                        shared_with_instructors=rng.random() < 0.3,
                    )
                )
            if day % 3 == 0:
                check_ins.append(
                    CheckIn(
                        enrolment=enrolment,
                        day=date,
                        pain=rng.randint(0, 10),
                        stress=rng.randint(0, 10),
                        shared_with_instructors=rng.random() < 0.5,
                    )
                )
            if 7 <= day < 14 and rng.random() < keen:
                entries.append(
                    CalendarEntry(
                        enrolment=enrolment,
                        kind=CalendarKind.PLEASANT,
                        occurred_on=date,
                        event="A walk in the park",
                        feelings="Calm",
                        shared_with_instructors=rng.random() < 0.5,
                    )
                )
    PracticeLog.objects.bulk_create(logs, batch_size=2000)
    CheckIn.objects.bulk_create(check_ins, batch_size=2000)
    CalendarEntry.objects.bulk_create(entries, batch_size=2000)


def _attendance(cohort: Cohort, enrolments: list[Enrolment], rng: random.Random) -> None:
    held = cohort.sessions.filter(is_cancelled=False, starts_at__lt=timezone.now())
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                enrolment=enrolment,
                status=Attendance.Status.PRESENT
                if rng.random() < 0.85
                else Attendance.Status.ABSENT,
            )
            for session in held
            for enrolment in enrolments
        ],
        batch_size=2000,
    )


def _many_logs(enrolment: Enrolment, start: dt.date, count: int, rng: random.Random) -> None:
    """Top one enrolment up to `count` logs, spread over the course days (about 19 a day)."""
    practices = list(Practice.objects.filter(category="formal").values_list("pk", flat=True))
    missing = count - enrolment.practice_logs.count()
    PracticeLog.objects.bulk_create(
        [
            PracticeLog(
                enrolment=enrolment,
                practice_id=rng.choice(practices),
                practised_on=start + dt.timedelta(days=n % COURSE_DAYS),
                # At most 20 logs of at most 60 minutes a day: well inside the daily cap.
                minutes=rng.randint(5, 60),
                note=rng.choice(NOTES),
                shared_with_instructors=rng.random() < 0.3,
            )
            for n in range(missing)
        ],
        batch_size=2000,
    )
