"""Helpers for outcome tests: submitted responses, licensed wording, and the known cohort of 20.

The known-answer data live here (not in a test module) so the maths test and the report page
test read the very same answers; the expected figures are written out in each test.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from course.models import Cohort, Enrolment
from outcomes.models import Instrument, Item, Response, TimePoint
from tests.support.factories import EnrolmentFactory

# Pain bothersomeness (0-10) for 20 people, before and at the end; None = did not answer.
PAIN_BEFORE = [7, 6, 8, 5, 9, 4, 6, 7, 3, 8, 5, 6, 7, 5, None, 6, 4, 8, None, 2]
PAIN_AFTER = [4, 5, 3, 5, 6, 2, 6, 5, 3, 7, 2, 4, None, None, 4, 3, 4, 5, None, 1]

# PSS-10 (items 4, 5, 7, 8 reversed) for the first six; person 4 skipped item 3 at baseline.
PSS_BEFORE = [
    [2, 3, 1, 1, 2, 3, 1, 2, 2, 3],  # 24
    [3, 3, 2, 0, 1, 4, 0, 1, 3, 3],  # 32
    [1, 2, 1, 2, 2, 2, 2, 2, 1, 2],  # 17
    [2, 2, None, 2, 3, 2, 2, 3, 2, 2],  # 16 over nine items, pro-rated: 160/9 = 17.78
    [4, 4, 3, 0, 0, 4, 1, 0, 4, 4],  # 38
    [0, 1, 0, 4, 4, 1, 3, 4, 1, 0],  # 4
]
PSS_AFTER = [
    [1, 2, 1, 2, 2, 2, 2, 2, 1, 2],  # 17
    [2, 3, 2, 1, 1, 3, 1, 2, 2, 3],  # 26
    [1, 1, 1, 3, 3, 1, 3, 3, 1, 1],  # 10
    [2, 2, 2, 2, 2, 2, 2, 2, 2, 2],  # 20
    [3, 3, 3, 1, 1, 3, 1, 1, 3, 3],  # 30
    [0, 0, 0, 4, 4, 0, 4, 4, 0, 0],  # 0
]


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


def known_cohort(cohort: Cohort, tmp_path: Path) -> list[Enrolment]:
    """Twenty people in `cohort` with the answers above (instruments must be loaded)."""
    call_command("load_instrument", str(wording_file(tmp_path, "pss-10")), stdout=StringIO())
    people = [EnrolmentFactory(cohort=cohort) for _ in range(20)]
    for person, before, after in zip(people, PAIN_BEFORE, PAIN_AFTER, strict=True):
        if before is not None:
            submitted(person, "pain-bothersomeness", TimePoint.BASELINE, [before])
        if after is not None:
            submitted(person, "pain-bothersomeness", TimePoint.END_OF_COURSE, [after])
    for person, before, after in zip(people, PSS_BEFORE, PSS_AFTER, strict=False):
        submitted(person, "pss-10", TimePoint.BASELINE, before)
        submitted(person, "pss-10", TimePoint.END_OF_COURSE, after)
    return people
