"""Retention: cohorts that ended more than STILLPOINT_RETENTION_DAYS ago are anonymised by a
Celery job; a dry-run command lists them first."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from course.actions import create_cohort
from course.calendar import course_end_date
from course.models import Cohort, Curriculum, Enrolment
from homework.models import CalendarEntry, InstructorComment, PracticeLog
from privacy.models import AnonymisedCohort
from privacy.tasks import apply_retention
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.personal_data import secret_words, seed_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_cohort(curriculum: Curriculum, instructor: User) -> Cohort:
    """Ended a little over two years ago (the default retention)."""
    start = timezone.now().date() - dt.timedelta(days=730 + 60)
    return create_cohort(
        curriculum=curriculum,
        title="Autumn long ago",
        start_date=start,
        time_zone="Europe/London",
        instructors=[instructor],
    )


@pytest.fixture
def alum(old_cohort: Cohort, instructor: User) -> User:
    user = UserFactory(email="alum@example.org", display_name="Alumna Winterbourne")
    EnrolmentFactory(cohort=old_cohort, participant=user)
    seed_personal_data(user, instructor)
    return user


def minutes(cohort: Cohort) -> list[int]:
    return sorted(
        PracticeLog.objects.filter(enrolment__cohort=cohort).values_list("minutes", flat=True)
    )


def test_the_dry_run_lists_the_cohort_and_changes_nothing(
    old_cohort: Cohort, alum: User, cohort: Cohort
) -> None:
    out = StringIO()
    call_command("anonymise_old_cohorts", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would anonymise 'Autumn long ago'" in text
    assert "1 enrolment(s)" in text
    assert "Spring cohort" not in text  # still running
    assert "Dry run: nothing was changed." in text
    assert Enrolment.objects.filter(participant=alum, cohort=old_cohort).exists()
    assert not AnonymisedCohort.objects.exists()


def test_the_job_unlinks_people_and_erases_their_writing_but_keeps_the_figures(
    old_cohort: Cohort, alum: User, cohort: Cohort, participant: User
) -> None:
    before = minutes(old_cohort)
    assert apply_retention() == 1
    assert not Enrolment.objects.filter(participant=alum).exists()
    assert User.objects.filter(pk=alum.pk).exists()  # the account itself is theirs to delete
    stand_in = Enrolment.objects.get(cohort=old_cohort).participant
    assert not stand_in.is_active
    assert not stand_in.has_usable_password()
    assert minutes(old_cohort) == before
    assert not InstructorComment.objects.filter(enrolment__cohort=old_cohort).exists()
    words = secret_words(alum)
    assert not PracticeLog.objects.filter(note__in=words).exists()
    assert not CalendarEntry.objects.filter(event__in=words).exists()
    assert not old_cohort.invitations.filter(email=alum.email).exists()
    # Once only, and the running cohort is left alone.
    assert apply_retention() == 0
    assert Enrolment.objects.filter(participant=participant, cohort=cohort).exists()


def test_the_period_follows_the_setting(settings: object, old_cohort: Cohort, alum: User) -> None:
    ended = course_end_date(old_cohort)
    settings.STILLPOINT_RETENTION_DAYS = (timezone.now().date() - ended).days + 5  # type: ignore[attr-defined]
    assert apply_retention() == 0
    settings.STILLPOINT_RETENTION_DAYS = (timezone.now().date() - ended).days - 2  # type: ignore[attr-defined]
    assert apply_retention() == 1


def test_the_command_without_dry_run_anonymises(old_cohort: Cohort, alum: User) -> None:
    out = StringIO()
    call_command("anonymise_old_cohorts", stdout=out)
    assert "Anonymised 'Autumn long ago': 1 enrolment(s)." in out.getvalue()
    assert AnonymisedCohort.objects.get(cohort=old_cohort).enrolments == 1


def test_beat_runs_the_privacy_jobs(settings: object) -> None:
    from config.celery_app import app

    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE  # type: ignore[attr-defined]
    tasks = {entry["task"] for entry in schedule.values()}
    assert {"privacy.apply_retention", "privacy.erase_due_accounts"} <= tasks
    assert {"privacy.apply_retention", "privacy.erase_due_accounts", "privacy.build_export"} <= set(
        app.tasks
    )
