"""Version tokens (course/freshness.py): stable between writes, replaced by each write at once
and again when its transaction commits, recreated (never reused) when evicted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction

from course import freshness
from course.models import Cohort, Enrolment

pytestmark = pytest.mark.django_db


def test_tokens_stay_the_same_until_a_write(cohort: Cohort, enrolment: Enrolment) -> None:
    first = freshness.read(cohort.pk, [enrolment.pk])
    assert freshness.read(cohort.pk, [enrolment.pk]) == first
    freshness.enrolments_changed([enrolment.pk])
    after = freshness.read(cohort.pk, [enrolment.pk])
    assert after.enrolments[enrolment.pk] != first.enrolments[enrolment.pk]
    assert after.shared == first.shared  # one person's write leaves the cohort's token alone


def test_a_write_replaces_the_token_at_once_and_again_on_commit(
    cohort: Cohort,
    enrolment: Enrolment,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    before = freshness.read(cohort.pk, [enrolment.pk]).enrolments[enrolment.pk]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        freshness.enrolments_changed([enrolment.pk])
        during = freshness.read(cohort.pk, [enrolment.pk]).enrolments[enrolment.pk]
        assert during != before
    assert len(callbacks) == 1
    # A reader that stored a fragment under `during` with data read before the commit is
    # not believed afterwards.
    after = freshness.read(cohort.pk, [enrolment.pk]).enrolments[enrolment.pk]
    assert after not in (before, during)


def test_an_evicted_token_comes_back_new(cohort: Cohort, enrolment: Enrolment) -> None:
    first = freshness.read(cohort.pk, [enrolment.pk])
    cache.clear()
    again = freshness.read(cohort.pk, [enrolment.pk])
    assert again.curricula != first.curricula
    assert again.cohort != first.cohort
    assert again.enrolments[enrolment.pk] != first.enrolments[enrolment.pk]
    assert freshness.read(cohort.pk, [enrolment.pk]) == again


def test_cohort_and_curriculum_writes_replace_the_shared_part(cohort: Cohort) -> None:
    first = freshness.read(cohort.pk, [])
    freshness.cohort_changed(cohort.pk)
    second = freshness.read(cohort.pk, [])
    assert second.cohort != first.cohort
    assert second.curricula == first.curricula
    freshness.curriculum_changed()
    third = freshness.read(cohort.pk, [])
    assert third.curricula != second.curricula
    assert freshness.curricula_token() == third.curricula
