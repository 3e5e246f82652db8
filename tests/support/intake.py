"""The shipped intake for tests, and a way to send one with chosen answers."""

from __future__ import annotations

from django.utils import timezone

from course.models import Enrolment
from outcomes.loading import DEFINITIONS, load_definition, read_json
from outcomes.models import Instrument, Response, TimePoint

# Item positions in outcomes/instruments/intake.json.
DEPRESSION, ADDICTION, PSYCHOSIS, PTSD = 3, 4, 5, 6
CLINICIAN = 9
WARNING_SIGNS = (11, 12, 13, 14, 15, 16)
YES_NO = (DEPRESSION, ADDICTION, PSYCHOSIS, PTSD, CLINICIAN, *WARNING_SIGNS)


def load_intake() -> Instrument:
    return load_definition(read_json(DEFINITIONS / "intake.json"))


def send_intake(enrolment: Enrolment, yes: tuple[int, ...] = ()) -> Response:
    """A submitted intake: `yes` at these positions, no at the other yes/no items."""
    instrument = Instrument.objects.get(slug="intake")
    response = Response.objects.create(
        enrolment=enrolment,
        instrument=instrument,
        time_point=TimePoint.INTAKE,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    items = {i.position: i for i in instrument.items.all()}
    response.answers.bulk_create(
        [
            response.answers.model(response=response, item=items[n], value=int(n in yes))
            for n in YES_NO
        ]
        + [response.answers.model(response=response, item=items[1], text="Sleep better.")]
    )
    return response
