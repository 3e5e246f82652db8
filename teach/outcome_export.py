"""The outcomes CSV: one row per person, time point and instrument, streamed like teach/export.py.

Only submitted responses are exported (a draft is not an answer yet), with the total score, how
many items were answered and missing, and one column per subscale of any instrument in the file.
Free-text answers (the person's goals) are never in the file: their rows carry no score.

Anonymised, the file has no names or addresses: each enrolment gets a stable pseudonym, an HMAC
of its public id keyed with SECRET_KEY, so two exports of the same cohort line up, but no one
without the key can turn a pseudonym back into a person or make one from a known public id.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import Prefetch
from django.utils.crypto import salted_hmac

from course.models import Cohort, Enrolment
from outcomes.models import Answer, Item, Response, Subscale
from outcomes.scoring import score_response
from teach.export import text_cell

CHUNK = 500
HMAC_SALT = "teach.outcome_export.pseudonym"


def pseudonym(enrolment: Enrolment) -> str:
    return (
        "p-" + salted_hmac(HMAC_SALT, str(enrolment.public_id), algorithm="sha256").hexdigest()[:16]
    )


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def outcome_rows(cohorts: Sequence[Cohort], *, anonymous: bool) -> Iterator[Sequence[object]]:
    """Header, then the rows. Queries: the subscales, then four per chunk of responses."""
    subscales = list(
        Subscale.objects.filter(instrument__usable=True)
        .select_related("instrument")
        .order_by("instrument__position", "instrument__slug", "position")
    )
    sub_keys = [(s.instrument_id, s.slug) for s in subscales]
    who = ["participant_id"] if anonymous else ["participant_email", "participant_name"]
    yield [
        *who,
        "cohort",
        "time_point",
        "instrument",
        "instrument_version",
        "submitted_at",
        "score",
        "items_answered",
        "items_missing",
        *(f"{s.instrument.slug}:{s.slug}" for s in subscales),
    ]
    responses = (
        Response.objects.filter(
            enrolment__cohort__in=[c.pk for c in cohorts], status=Response.Status.SUBMITTED
        )
        .select_related("enrolment__participant", "enrolment__cohort", "instrument")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.only("response_id", "item_id", "value")),
            Prefetch("instrument__items", queryset=Item.objects.select_related("subscale")),
        )
        .order_by(
            "enrolment__cohort__start_date", "enrolment_id", "time_point", "instrument__position"
        )
    )
    for response in responses.iterator(chunk_size=CHUNK):
        enrolment = response.enrolment
        score = score_response(response) if response.instrument.is_scored else None
        if anonymous:
            person: list[object] = [pseudonym(enrolment)]
        else:
            person = [
                text_cell(enrolment.participant.email),
                text_cell(enrolment.participant.get_full_name()),
            ]
        by_slug = score.subscales if score else {}
        yield [
            *person,
            text_cell(enrolment.cohort.title),
            response.time_point,
            response.instrument.slug,
            text_cell(response.instrument.version),
            response.submitted_at.isoformat() if response.submitted_at else "",
            _number(score.total) if score else "",
            score.answered if score else "",
            score.missing if score else "",
            *(
                _number(by_slug.get(slug)) if instrument_id == response.instrument_id else ""
                for instrument_id, slug in sub_keys
            ),
        ]
