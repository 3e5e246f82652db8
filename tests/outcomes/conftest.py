from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from course.actions import create_cohort
from course.models import Cohort, Curriculum, Enrolment
from outcomes.models import Instrument, Item, Response
from tests.support.factories import EnrolmentFactory, UserFactory


@pytest.fixture
def instruments(db: None) -> None:
    call_command("load_instruments", stdout=StringIO())


@pytest.fixture
def upcoming(curriculum: Curriculum, instructor: User) -> Cohort:
    """A cohort whose class 1 is ten days away: its baseline is open now."""
    start = timezone.now().astimezone(dt.UTC).date() + dt.timedelta(days=10)
    return create_cohort(
        curriculum=curriculum,
        title="Autumn cohort",
        start_date=start,
        time_zone="Europe/London",
        instructors=[instructor],
    )


@pytest.fixture
def newcomer(upcoming: Cohort) -> User:
    user = UserFactory(email="sam@example.org", display_name="Sam")
    EnrolmentFactory(cohort=upcoming, participant=user)
    return user


@pytest.fixture
def new_enrolment(newcomer: User, upcoming: Cohort) -> Enrolment:
    return Enrolment.objects.get(participant=newcomer, cohort=upcoming)


@pytest.fixture
def sam(client: Client, newcomer: User) -> Client:
    client.force_login(newcomer)
    return client


def wording_file(tmp_path: Path, slug: str, **overrides: object) -> Path:
    """A wording file for a licensed instrument, with placeholder texts (not the real items)."""
    instrument = Instrument.objects.get(slug=slug)
    items = []
    for item in instrument.items.all():
        spec: dict[str, object] = {
            "position": item.position,
            "wording": f"Test statement {item.position}",
            "scale": item.scale,
        }
        if item.scale == Item.Scale.LIKERT:
            spec["labels"] = [f"point {n}" for n in range(item.points)]
        items.append(spec)
    data = {"instrument": slug, "version": "test", "items": items, **overrides}
    path = tmp_path / f"{slug}-wording.json"
    path.write_text(json.dumps(data))
    return path


def submitted(
    enrolment: Enrolment, slug: str, time_point: str, values: list[int | None]
) -> Response:
    """A submitted response with `values` by item position (None: left unanswered)."""
    instrument = Instrument.objects.get(slug=slug)
    response = Response.objects.create(
        enrolment=enrolment,
        instrument=instrument,
        time_point=time_point,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    items = {i.position: i for i in instrument.items.all()}
    response.answers.bulk_create(
        [
            response.answers.model(response=response, item=items[n], value=v)
            for n, v in enumerate(values, start=1)
            if v is not None
        ]
    )
    return response
