"""Delete my account: password, a 7-day grace period that can be cancelled, then an erasure
that leaves no trace of the person in any table while the cohort's figures still add up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, Enrolment
from homework.progress import course_progress
from outcomes.models import Answer
from privacy.models import DataExport, DeletionRequest
from privacy.tasks import build_export, erase_due_accounts
from tests.support.factories import PASSWORD, EnrolmentFactory, UserFactory
from tests.support.personal_data import secret_words, seed_personal_data

pytestmark = pytest.mark.django_db

DELETE = reverse("privacy:delete")
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


@pytest.fixture(autouse=True)
def media_root(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def leaver(cohort: Cohort, instructor: User, second_participant: User) -> User:
    """Someone with a distinctive name, data in every table, and a classmate who stays."""
    user = UserFactory(email="zephyrine.q@example.org", display_name="Zephyrine Quillfeather")
    EnrolmentFactory(cohort=cohort, participant=user)
    seed_personal_data(user, instructor)
    seed_personal_data(second_participant, instructor)
    return user


def traces(needles: list[str]) -> list[str]:
    """Every (table.column, needle) where a text column of any model still holds a needle."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            for needle in needles:
                lookup = {f"{field.attname}__icontains": needle}
                if model._default_manager.filter(**lookup).exists():
                    found.append(f"{model._meta.db_table}.{field.column}: {needle}")
    return found


def cohort_figures(cohort: Cohort) -> dict[str, object]:
    enrolments = list(Enrolment.objects.on_roster(cohort))
    progress = course_progress(enrolments)
    return {
        "people": len(enrolments),
        "minutes": sum(w.minutes for p in progress.values() for w in p.weeks.values()),
        "days": sum(len(w.practice_days) for p in progress.values() for w in p.weeks.values()),
        "check_ins": sum(w.check_ins.count for p in progress.values() for w in p.weeks.values()),
        "readings": sum(w.readings_done for p in progress.values() for w in p.weeks.values()),
        "scores": sorted(
            Answer.objects.filter(
                response__enrolment__cohort=cohort, value__isnull=False
            ).values_list("value", flat=True)
        ),
    }


def test_the_page_says_what_is_kept_and_asks_for_the_password(client: Client, leaver: User) -> None:
    client.force_login(leaver)
    page = client.get(DELETE).content.decode()
    assert "What is kept, without your name" in page
    assert "Minutes and days of practice" in page
    response = client.post(DELETE, {"password": "not it"})
    assert response.status_code == 200
    assert 'id="id_password_errors"' in response.content.decode()
    assert "That is not your password." in response.content.decode()
    assert not DeletionRequest.objects.exists()


def test_deletion_can_be_cancelled_within_the_grace_period(client: Client, leaver: User) -> None:
    client.force_login(leaver)
    client.post(DELETE, {"password": PASSWORD})
    assert DeletionRequest.objects.get(user=leaver).due_at > dt.datetime.now(dt.UTC) + dt.timedelta(
        days=6
    )
    page = client.get(reverse("privacy:your_data")).content.decode()
    assert "Cancel deletion" in page
    client.post(reverse("privacy:cancel_deletion"))
    assert not DeletionRequest.objects.exists()
    with time_machine.travel(dt.timedelta(days=8)):
        erase_due_accounts()
    assert User.objects.filter(pk=leaver.pk).exists()


def test_after_the_grace_period_no_trace_remains_and_the_cohort_still_adds_up(
    client: Client, leaver: User, cohort: Cohort, second_participant: User, media_root: Path
) -> None:
    export = DataExport.objects.create(user=leaver)
    build_export(export.pk)
    export.refresh_from_db()
    file = media_root / export.path
    assert file.is_file()
    needles = [leaver.email, leaver.display_name, "Quillfeather", *secret_words(leaver)]
    assert traces(needles)  # the scan does find them while the account exists
    before = cohort_figures(cohort)
    classmate_before = traces([second_participant.email, *secret_words(second_participant)])

    client.force_login(leaver)
    client.post(DELETE, {"password": PASSWORD})
    with time_machine.travel(dt.timedelta(days=6)):
        assert erase_due_accounts() == 0
    assert User.objects.filter(pk=leaver.pk).exists()
    with time_machine.travel(dt.timedelta(days=7, minutes=1)):
        assert erase_due_accounts() == 1

    assert not User.objects.filter(pk=leaver.pk).exists()
    assert traces(needles) == []
    assert not file.exists()
    assert cohort_figures(cohort) == before
    # The classmate is untouched.
    assert traces([second_participant.email, *secret_words(second_participant)]) == classmate_before


def test_deleting_is_refused_to_strangers(client: Client, leaver: User) -> None:
    assert client.get(DELETE)["Location"].startswith(reverse("account_login"))
    assert client.post(DELETE, {"password": PASSWORD})["Location"].startswith(
        reverse("account_login")
    )
    assert client.post(reverse("privacy:cancel_deletion")).status_code == 302
    assert not DeletionRequest.objects.exists()


def test_one_person_cannot_cancel_or_see_another_persons_deletion(
    client: Client, leaver: User, second_participant: User
) -> None:
    client.force_login(leaver)
    client.post(DELETE, {"password": PASSWORD})
    client.force_login(second_participant)
    assert "Cancel deletion" not in client.get(reverse("privacy:your_data")).content.decode()
    client.post(reverse("privacy:cancel_deletion"))
    assert DeletionRequest.objects.filter(user=leaver).exists()


def cache_traces(needles: list[str]) -> list[str]:
    """Every cached value (in the tests' Redis database) that still holds a needle."""
    from django.core.cache import cache

    client = cache._cache.get_client()  # type: ignore[attr-defined]
    found = []
    for key in client.scan_iter(count=1000):
        if client.type(key) != b"string":
            continue
        value = client.get(key) or b""
        found += [f"{key.decode()}: {n}" for n in needles if n.encode() in value]
    return found


def test_erasure_leaves_no_copy_of_the_person_in_the_cache(
    client: Client, leaver: User, cohort: Cohort, instructor: User, second_participant: User
) -> None:
    from django.core.cache import cache

    cache.clear()
    enrolment = leaver.enrolments.get()
    teacher = Client()
    teacher.force_login(instructor)
    # Every cache of one person's figures and words is filled: roster rows, their page, exports.
    for name, args in (
        ("teach:roster", [cohort.public_id]),
        ("teach:participant", [cohort.public_id, enrolment.public_id]),
        ("teach:export_entries", [cohort.public_id]),
        ("teach:export_weeks", [cohort.public_id]),
    ):
        response = teacher.get(reverse(name, args=args))
        assert response.status_code == 200, name
        if response.streaming:  # the exports fill their caches as they stream
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
    client.force_login(leaver)
    for week in range(1, 4):
        client.get(reverse("homework:week", args=[week]))
    client.get(reverse("home"))
    needles = ["Quillfeather", *secret_words(leaver)]
    assert cache_traces(needles)  # the scan finds the copies while the account exists
    classmate = cache_traces(["Robin"])

    client.post(DELETE, {"password": PASSWORD})
    with time_machine.travel(dt.timedelta(days=7, minutes=1)):
        assert erase_due_accounts() == 1
    assert cache_traces(needles) == []
    # The classmate's cached copies are left alone.
    assert cache_traces(["Robin"]) == classmate
    assert second_participant.display_name == "Robin"
