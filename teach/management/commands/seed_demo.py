"""Demo data for a developer's machine: one instructor, three participants, a cohort in week 3.

Idempotent: accounts and the cohort are found by their fixed e-mails and title, and practice is
only generated for an enrolment that has none. Refuses to run with DEBUG off, so it can never
plant known passwords in production.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from course.actions import create_cohort
from course.models import (
    CalendarKind,
    Cohort,
    CohortAssignment,
    Curriculum,
    Enrolment,
    Practice,
    Reading,
    WeekKind,
)
from homework.models import CalendarEntry, CheckIn, PracticeLog, ReadingDone

PASSWORD = "mindful-demo"
TIME_ZONE = "Europe/London"
COHORT_TITLE = "Demo cohort: weekly evening classes"
INSTRUCTOR = ("instructor@example.com", "Maya")
# Instructors must have a second factor before any teaching page opens. The demo one has an
# authenticator app set up with this well-known secret (demo only, like the password): add it
# to an app, or compute a code with `python manage.py demo_code`.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# (e-mail, name, share of target days practised, share of target minutes per session,
# days since their last log): a steady practiser, an average one, and one who is slipping.
PARTICIPANTS = [
    ("participant@example.com", "Alex", 0.95, 1.0, 0),
    ("participant2@example.com", "Sam", 0.65, 0.7, 1),
    ("participant3@example.com", "Jo", 0.35, 0.5, 5),
]
PLEASANT = [
    (
        "Warm tea on the balcony before work",
        "Shoulders dropped, warmth in the hands",
        "Calm, a little surprised",
    ),
    (
        "My daughter laughing at breakfast",
        "Chest felt open and light",
        "Joy; 'I want to remember this'",
    ),
    (
        "Ten minutes of sun on the walk home",
        "Face warm, legs loose",
        "Contentment, then planning dinner",
    ),
]
NOTES = [
    "Lower back tight at first, eased towards the end.",
    "Mind very busy today; kept coming back to the breath.",
    "Fell asleep halfway through. Will try sitting up tomorrow.",
    "Noticed a lot of restlessness and let it be there.",
    "",
    "",
]


class Command(BaseCommand):
    help = "Create demo accounts and a cohort currently in week 3 (development only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates known passwords.")
        curriculum = Curriculum.objects.filter(slug="mbsr-8-week").first()
        if curriculum is None:
            raise CommandError("Run `python manage.py load_curriculum` first.")
        with transaction.atomic():
            instructor = self._user(*INSTRUCTOR, is_instructor=True)
            if not Authenticator.objects.filter(
                user=instructor, type=Authenticator.Type.TOTP
            ).exists():
                TOTP.activate(instructor, DEMO_TOTP_SECRET)
            cohort = Cohort.objects.filter(title=COHORT_TITLE).first() or self._cohort(
                curriculum, instructor
            )
            for email, name, day_share, minute_share, gap in PARTICIPANTS:
                participant = self._user(email, name)
                enrolment, _ = Enrolment.objects.get_or_create(
                    cohort=cohort,
                    participant=participant,
                    # They joined at orientation, before class 1, as invited people do.
                    defaults={
                        "status": Enrolment.Status.ACTIVE,
                        "joined_at": dt.datetime.combine(
                            cohort.orientation_date or cohort.start_date, dt.time(12), cohort.zone
                        ),
                    },
                )
                if not enrolment.practice_logs.exists():
                    self._practise(enrolment, cohort, day_share, minute_share, gap, seed=email)

        self.stdout.write(self.style.SUCCESS(f"Demo data ready in “{cohort.title}”."))
        self.stdout.write(f"Sign in with any of these (password: {PASSWORD}):")
        for email in [INSTRUCTOR[0], *(p[0] for p in PARTICIPANTS)]:
            self.stdout.write(f"  {email}")
        self.stdout.write(
            f"The instructor's sign-in code: `python manage.py demo_code` (authenticator secret "
            f"{DEMO_TOTP_SECRET})."
        )

    def _user(self, email: str, name: str, is_instructor: bool = False) -> User:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"display_name": name, "time_zone": TIME_ZONE, "is_instructor": is_instructor},
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            # Mark the address verified so mandatory verification never blocks the demo.
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    def _cohort(self, curriculum: Curriculum, instructor: User) -> Cohort:
        today = timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(TIME_ZONE)).date()
        start = today - dt.timedelta(days=15)  # day 16 of the course: in week 3
        return create_cohort(
            curriculum=curriculum,
            title=COHORT_TITLE,
            start_date=start,
            time_zone=TIME_ZONE,
            instructors=[instructor],
            location="Community hall, room 2",
            video_link="https://meet.example.com/stillpoint-demo",
            day_of_mindfulness=start + dt.timedelta(days=40),
        )

    def _practise(
        self,
        enrolment: Enrolment,
        cohort: Cohort,
        day_share: float,
        minute_share: float,
        gap: int,
        seed: str,
    ) -> None:
        """Log realistic practice for each course day before today."""
        rng = random.Random(seed)  # noqa: S311 - demo data, not security
        today = cohort.local_today()
        last_day = today - dt.timedelta(days=max(gap, 1))
        assignments = list(
            CohortAssignment.objects.filter(cohort=cohort)
            .select_related("practice")
            .prefetch_related("also_counts")
        )
        fallback = Practice.objects.get(slug="body-scan")
        logs = []
        day = cohort.start_date
        while day <= last_day:
            week = cohort.week_on(day)
            for assignment in (a for a in assignments if a.week == week):
                if rng.random() > day_share:
                    continue
                choices = [assignment.practice or fallback, *assignment.also_counts.all()]
                target = assignment.target_minutes_per_day
                minutes = max(5, min(240, round(target * minute_share * rng.uniform(0.7, 1.1))))
                logs.append(
                    PracticeLog(
                        enrolment=enrolment,
                        practice=choices[(day - cohort.start_date).days % len(choices)],
                        practised_on=day,
                        minutes=minutes,
                        guided=rng.random() < 0.85,
                        note=rng.choice(NOTES),
                    )
                )
            day += dt.timedelta(days=1)
        PracticeLog.objects.bulk_create(logs)
        self._check_in_and_reflect(enrolment, cohort, rng, last_day, day_share)

    def _check_in_and_reflect(
        self,
        enrolment: Enrolment,
        cohort: Cohort,
        rng: random.Random,
        last_day: dt.date,
        share: float,
    ) -> None:
        """Check-ins that ease a little over the weeks, week 2's pleasant events, readings."""
        check_ins, entries = [], []
        day = cohort.start_date
        while day <= last_day:
            days_in = (day - cohort.start_date).days
            if rng.random() < share:
                check_ins.append(
                    CheckIn(
                        enrolment=enrolment,
                        day=day,
                        pain=max(
                            0, min(10, round(6 - days_in * share / 10 + rng.uniform(-1.5, 1.5)))
                        ),
                        stress=max(0, min(10, round(6 - days_in * share / 8 + rng.uniform(-2, 2)))),
                        sleep_quality=rng.randint(3, 8),
                    )
                )
            if cohort.week_on(day) == 2 and rng.random() < share:
                event, body, feelings = rng.choice(PLEASANT)
                entries.append(
                    CalendarEntry(
                        enrolment=enrolment,
                        kind=CalendarKind.PLEASANT,
                        occurred_on=day,
                        event=event,
                        was_aware=rng.random() < 0.6,
                        body=body,
                        feelings=feelings,
                        shared_with_instructors=rng.random() < 0.5,
                    )
                )
            day += dt.timedelta(days=1)
        CheckIn.objects.bulk_create(check_ins)
        CalendarEntry.objects.bulk_create(entries)
        readings = Reading.objects.filter(
            week__curriculum_id=cohort.curriculum_id, week__kind=WeekKind.WEEK, week__number__lte=2
        )
        ReadingDone.objects.bulk_create(
            [ReadingDone(enrolment=enrolment, reading=r) for r in readings if rng.random() < share]
        )
