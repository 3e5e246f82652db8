"""Factories for the personas and course objects tests need."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import User
from course.models import Cohort, Curriculum, Enrolment

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    time_zone = "Europe/London"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save(update_fields=["password"])


class CurriculumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Curriculum

    slug = factory.Sequence(lambda n: f"curriculum-{n}")
    name = factory.Sequence(lambda n: f"Curriculum {n}")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    curriculum = factory.SubFactory(CurriculumFactory)
    title = factory.Sequence(lambda n: f"Cohort {n}")
    start_date = factory.LazyFunction(lambda: timezone.now().date() - dt.timedelta(days=15))
    time_zone = "Europe/London"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    participant = factory.SubFactory(UserFactory)
    status = Enrolment.Status.ACTIVE
    # Joined a week before class 1 (or now, for a course further ahead), as invited people do,
    # unless a test says when: weeks that ended before someone joined are not scored.
    joined_at = factory.LazyAttribute(
        lambda o: min(
            timezone.now(),
            dt.datetime.combine(
                o.cohort.start_date - dt.timedelta(days=7), dt.time(12), tzinfo=dt.UTC
            ),
        )
    )
