"""`seed_demo` makes a realistic cohort in week 3, once, and never in production."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, Curriculum, Enrolment
from homework.models import PracticeLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings: object) -> None:
    # pytest-django runs tests with DEBUG off; the demo is for development machines.
    settings.DEBUG = True  # type: ignore[attr-defined]


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_creates_the_demo_people_and_prints_how_to_sign_in(curriculum: Curriculum) -> None:
    out = seed()
    assert "mindful-demo" in out
    assert "instructor@example.com" in out
    instructor = User.objects.get(email="instructor@example.com")
    assert instructor.is_instructor
    cohort = Cohort.objects.get(instructors=instructor)
    assert cohort.current_week() == 3
    assert Enrolment.objects.filter(cohort=cohort, status="active").count() == 3
    client = Client()
    assert client.login(email="participant3@example.com", password="mindful-demo")


def test_practice_differs_by_person_and_stops_before_today(curriculum: Curriculum) -> None:
    seed()
    cohort = Cohort.objects.get()
    today = cohort.local_today()
    minutes = {
        e.participant.email: sum(log.minutes for log in e.practice_logs.all())
        for e in Enrolment.objects.prefetch_related("practice_logs").select_related("participant")
    }
    assert (
        minutes["participant@example.com"]
        > minutes["participant2@example.com"]
        > minutes["participant3@example.com"]
        > 0
    )
    assert not PracticeLog.objects.filter(practised_on__gte=today).exists()
    weeks = {cohort.week_on(d) for d in PracticeLog.objects.values_list("practised_on", flat=True)}
    assert weeks <= {1, 2, 3}
    assert {1, 2} <= weeks


def test_running_it_twice_changes_nothing(curriculum: Curriculum) -> None:
    seed()
    counts = (
        User.objects.count(),
        Cohort.objects.count(),
        Enrolment.objects.count(),
        PracticeLog.objects.count(),
    )
    seed()
    assert (
        User.objects.count(),
        Cohort.objects.count(),
        Enrolment.objects.count(),
        PracticeLog.objects.count(),
    ) == counts


def test_it_refuses_to_run_with_debug_off(curriculum: Curriculum, settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not User.objects.exists()


def test_it_asks_for_the_curriculum_first(db: None) -> None:
    Curriculum.objects.all().delete()  # the suite loads the curricula once; this test needs none
    with pytest.raises(CommandError, match="load_curriculum"):
        seed()


def test_the_demo_instructor_signs_in_with_the_demo_code_and_reaches_teaching(
    curriculum: Curriculum,
) -> None:
    # Teaching pages need a second factor: the demo instructor has an authenticator app whose
    # current code `demo_code` prints.
    seed()
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "instructor@example.com", "password": "mindful-demo"}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    out = io.StringIO()
    call_command("demo_code", stdout=out)
    response = client.post(reverse("mfa_authenticate"), {"code": out.getvalue().strip()})
    assert response.status_code == 302
    with override_settings(STILLPOINT_REQUIRE_MFA=True):
        assert client.get(reverse("teach:home")).status_code == 200
