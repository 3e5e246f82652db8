"""Writes for outcomes: saving a questionnaire page (several rows), an intake review."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction

from accounts.access_log import record_access
from accounts.models import AccessRecord, User
from course.models import Enrolment
from outcomes.models import Answer, Instrument, IntakeReview, Response


class AlreadySubmitted(Exception):
    """A submitted response is never changed: the caller tells the person so."""


@transaction.atomic
def save_answers(
    enrolment: Enrolment,
    time_point: str,
    instruments: Sequence[Instrument],
    values: Mapping[int, int | str | None],
    *,
    submit: bool,
) -> list[Response]:
    """Store the answers (by item id) of one questionnaire page, as a draft or submitted.

    The responses are locked first, so two tabs posting at once cannot both write; if any of
    them is already submitted, nothing at all is written. Unanswered items have no row.
    """
    for instrument in instruments:
        if not instrument.asked_at(time_point):
            raise ValueError(f"{instrument.slug} is not asked at {time_point}")
    for instrument in instruments:
        try:
            with transaction.atomic():
                Response.objects.get_or_create(
                    enrolment=enrolment, instrument=instrument, time_point=time_point
                )
        except IntegrityError:
            pass  # created by a concurrent request a moment ago: locked below like any other
    responses = list(
        Response.objects.select_for_update()
        .filter(enrolment=enrolment, time_point=time_point, instrument__in=instruments)
        .order_by("pk")
    )
    if any(r.is_submitted for r in responses):
        raise AlreadySubmitted
    by_instrument = {r.instrument_id: r for r in responses}
    rows = []
    for instrument in instruments:
        for item in instrument.items.all():
            value = values.get(item.pk)
            if value is None or value == "":
                continue
            if not item.accepts(value):
                raise ValueError(f"{value!r} does not fit the scale of {item}")
            response = by_instrument[instrument.pk]
            if isinstance(value, str):
                rows.append(Answer(response=response, item=item, text=value))
            else:
                rows.append(Answer(response=response, item=item, value=value))
    # A draft is replaced as a whole: what the page shows is exactly what is stored.
    Answer.objects.filter(response__in=responses).delete()
    Answer.objects.bulk_create(rows)
    for response in responses:
        if submit:
            response.submit()
        else:
            response.save(update_fields=["updated_at"])
    return responses


def record_intake_review(
    enrolment: Enrolment, author: User, *, decision: str, notes: str
) -> IntakeReview:
    """Add an instructor's note and/or decision on one person's intake (a new row each time).

    The caller (teach/) has checked that `author` teaches the enrolment's cohort. Reviews are
    kept, not overwritten, so the page can show who decided what and when.
    """
    review = IntakeReview(enrolment=enrolment, author=author, decision=decision, notes=notes)
    review.full_clean()
    review.save()
    record_access(
        author, [enrolment.participant], AccessRecord.What.INTAKE_REVIEW, enrolment.cohort.title
    )
    return review
