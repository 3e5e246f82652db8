"""Anonymise cohorts past the retention period now; `--dry-run` only lists them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from course.calendar import course_end_date
from privacy import erase, retention


class Command(BaseCommand):
    help = "Anonymise cohorts that ended more than STILLPOINT_RETENTION_DAYS ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be anonymised; change nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        due = retention.cohorts_due(timezone.now().date())
        days = settings.STILLPOINT_RETENTION_DAYS
        if not due:
            self.stdout.write(f"No cohort ended more than {days} days ago that is not anonymised.")
            return
        for cohort in due:
            people = cohort.enrolments.count()
            if dry_run:
                self.stdout.write(
                    f"Would anonymise {cohort.title!r} (ended {course_end_date(cohort)}): "
                    f"{people} enrolment(s)."
                )
            else:
                done = erase.anonymise_cohort(cohort.pk)
                self.stdout.write(f"Anonymised {cohort.title!r}: {done} enrolment(s).")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
