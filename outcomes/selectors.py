"""Reads that several pages share: a person's questionnaires, and a cohort's scored answers.

Every function here runs a fixed number of queries, whatever the number of people or answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from course.models import ClassSession, Cohort, Enrolment, WeekKind
from outcomes import intake, report, schedule
from outcomes.models import Answer, CohortOutcomeSettings, Instrument, Item, Response, TimePoint
from outcomes.scoring import Score, improved_meaningfully, improvement, score_response

# Who is asked: people taking or having taken the course (not invitees, not those who left).
ANSWERING = [Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED]
# Who counts as having started, for denominators: everyone but those still only invited.
STARTED_EXCLUDES = [Enrolment.Status.INVITED]


def usable_instruments() -> list[Instrument]:
    """Every instrument that can be asked, with items (and their subscales) loaded."""
    items = Item.objects.select_related("subscale").order_by("position")
    return list(
        Instrument.objects.filter(usable=True).prefetch_related(Prefetch("items", queryset=items))
    )


def asked_at(instruments: Iterable[Instrument], time_point: str) -> list[Instrument]:
    # Filtered here, not in SQL: JSON "contains" is not portable and there are a handful of rows.
    return [i for i in instruments if i.asked_at(time_point)]


@dataclass
class Questionnaire:
    """What one enrolment is asked at one time point, and what it has answered so far."""

    enrolment: Enrolment
    window: schedule.Window
    instruments: list[Instrument]
    responses: dict[int, Response] = field(default_factory=dict)  # by instrument id

    @property
    def time_point(self) -> str:
        return self.window.time_point

    @property
    def label(self) -> str:
        return self.window.label

    @property
    def is_submitted(self) -> bool:
        return all(
            (r := self.responses.get(i.pk)) is not None and r.is_submitted for i in self.instruments
        )

    @property
    def is_started(self) -> bool:
        return bool(self.responses)

    @property
    def status_label(self) -> str:
        if self.is_submitted:
            return "Sent"
        return "Started: finish it when you are ready" if self.is_started else "Not started"

    def is_open(self, now: dt.datetime | None = None) -> bool:
        return self.window.is_open(now or timezone.now())


def _class_one_times(cohort_ids: Sequence[int]) -> dict[int, dt.datetime]:
    sessions = ClassSession.objects.filter(
        cohort_id__in=cohort_ids, kind=WeekKind.WEEK, number=1, is_cancelled=False
    ).values_list("cohort_id", "starts_at")
    return dict(sessions)


def _settings(cohorts: Iterable[Cohort]) -> dict[int, CohortOutcomeSettings]:
    cohorts = list(cohorts)
    saved = {
        s.cohort_id: s
        for s in CohortOutcomeSettings.objects.filter(cohort__in=[c.pk for c in cohorts])
    }
    return {c.pk: saved.get(c.pk) or CohortOutcomeSettings(cohort=c) for c in cohorts}


def _responses(enrolments: Sequence[Enrolment], answers: bool = True) -> QuerySet[Response]:
    found = Response.objects.filter(enrolment__in=[e.pk for e in enrolments])
    return found.prefetch_related("answers") if answers else found


def questionnaires(
    enrolments: Sequence[Enrolment],
    *,
    instruments: list[Instrument] | None = None,
    answers: bool = True,
) -> list[Questionnaire]:
    """Every questionnaire (open or not) of these enrolments that has something to ask.

    Callers that only need which questionnaires are open and sent (the dashboard banner, the
    reminders) pass the instruments they already read and `answers=False`, saving two queries.
    """
    if not enrolments:
        return []
    instruments = usable_instruments() if instruments is None else instruments
    if not any(i.time_points for i in instruments):
        return []  # nothing is asked anywhere: no need to read schedules or responses
    cohorts = {e.cohort_id: e.cohort for e in enrolments}
    settings = _settings(cohorts.values())
    class_one = _class_one_times(list(cohorts))
    answered: dict[tuple[int, str], dict[int, Response]] = {}
    for response in _responses(enrolments, answers):
        answered.setdefault((response.enrolment_id, response.time_point), {})[
            response.instrument_id
        ] = response
    found = []
    for enrolment in enrolments:
        cohort = cohorts[enrolment.cohort_id]
        every = schedule.windows(
            cohort,
            enrolment.joined_at or enrolment.created_at,
            settings=settings[cohort.pk],
            class_one_at=class_one.get(cohort.pk),
        )
        for point, window in every.items():
            asked = asked_at(instruments, point)
            if asked:
                found.append(
                    Questionnaire(enrolment, window, asked, answered.get((enrolment.pk, point), {}))
                )
    return found


def enrolments_answering(user: User) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(participant=user, status__in=ANSWERING)
        .select_related("cohort", "participant")
        .order_by("-cohort__start_date")
    )


def open_questionnaires(
    user: User, now: dt.datetime | None = None, *, enrolment: Enrolment | None = None
) -> list[Questionnaire]:
    """The questionnaires this person can answer now and has not yet sent (dashboard banner).

    With `enrolment` (which must be the person's own, cohort loaded), only that one is looked
    at: four queries with instruments loaded, one without.
    """
    now = now or timezone.now()
    if enrolment is not None and enrolment.participant_id != user.pk:
        return []
    if enrolment is not None and enrolment.status not in ANSWERING:
        return []
    asked = [i for i in Instrument.objects.filter(usable=True) if i.time_points]
    if not asked:
        return []
    enrolments = [enrolment] if enrolment is not None else enrolments_answering(user)
    return [
        q
        for q in questionnaires(enrolments, instruments=asked, answers=False)
        if q.is_open(now) and not q.is_submitted
    ]


def questionnaire_for(enrolment: Enrolment, time_point: str) -> Questionnaire | None:
    for q in questionnaires([enrolment]):
        if q.time_point == time_point:
            return q
    return None


# --- The cohort's numbers, for the instructor report --------------------------------------------


def started_enrolments(*cohorts: Cohort) -> list[Enrolment]:
    """Everyone who started these cohorts (one cohort, or all of an instructor's): denominators."""
    return list(
        Enrolment.objects.filter(cohort__in=[c.pk for c in cohorts])
        .exclude(status__in=STARTED_EXCLUDES)
        .select_related("participant")
        .order_by("pk")
    )


def submitted_scores(
    enrolment_ids: Sequence[int], instrument: Instrument, time_point: str
) -> dict[int, Score | None]:
    """Enrolment id -> score of its submitted response (None: submitted but unscorable)."""
    responses = (
        Response.objects.filter(
            enrolment_id__in=enrolment_ids,
            instrument=instrument,
            time_point=time_point,
            status=Response.Status.SUBMITTED,
        )
        .select_related("instrument")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.only("response_id", "item_id", "value")),
            Prefetch("instrument__items", queryset=Item.objects.select_related("subscale")),
        )
    )
    return {r.enrolment_id: score_response(r) for r in responses}


def response_rates(
    enrolments: Sequence[Enrolment], time_points: Iterable[str] = TimePoint.values
) -> dict[str, report.ResponseRate]:
    """Per time point: how many of these (started) enrolments sent anything, of how many."""
    ids = [e.pk for e in enrolments]
    sent = set(
        Response.objects.filter(enrolment_id__in=ids, status=Response.Status.SUBMITTED)
        .values_list("time_point", "enrolment_id")
        .distinct()
    )
    return {
        point: report.response_rate(sum(1 for p, _ in sent if p == point), len(ids))
        for point in time_points
    }


def cohort_responses(cohort: Cohort, time_point: str) -> list[Response]:
    """Every response of a cohort at one time point, answers and items loaded.

    Not scoped to a viewer: the caller (teach/) must already have checked that the person
    asking teaches this cohort.
    """
    return list(
        Response.objects.filter(enrolment__cohort=cohort, time_point=time_point)
        .select_related("enrolment__participant", "instrument")
        .prefetch_related(
            Prefetch(
                "answers", queryset=Answer.objects.select_related("item").order_by("item__position")
            )
        )
        .order_by("enrolment__participant__display_name", "instrument__position")
    )


@dataclass(frozen=True)
class PersonChange:
    enrolment_id: int
    baseline: float | None
    follow_up: float | None
    improved: bool | None
    gain: float | None  # the change in the instrument's good direction: for the scatter plot

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.follow_up is None:
            return None
        return self.follow_up - self.baseline


@dataclass(frozen=True)
class InstrumentOutcome:
    instrument: Instrument
    follow_up: str
    baseline_rate: report.ResponseRate
    follow_up_rate: report.ResponseRate
    change: report.MeanChange
    share: report.ImprovementShare | None  # None: the instrument has no meaningful-change rule
    people: list[PersonChange]


def instrument_outcome(
    enrolments: Sequence[Enrolment],
    instrument: Instrument,
    follow_up: str = TimePoint.END_OF_COURSE,
    baseline: str = TimePoint.BASELINE,
) -> InstrumentOutcome:
    """Baseline against one follow-up for these (started) enrolments. Four queries per call."""
    ids = [e.pk for e in enrolments]
    before = submitted_scores(ids, instrument, baseline)
    after = submitted_scores(ids, instrument, follow_up)
    people = []
    for pk in ids:
        b = before.get(pk)
        a = after.get(pk)
        b_total = b.total if b else None
        a_total = a.total if a else None
        gain = None
        if b_total is not None and a_total is not None:
            gain = improvement(instrument, b_total, a_total)
        people.append(
            PersonChange(
                pk, b_total, a_total, improved_meaningfully(instrument, b_total, a_total), gain
            )
        )
    changes = [p.change for p in people if p.change is not None]
    share = None
    if instrument.has_change_rule:
        share = report.improvement_share([p.improved for p in people], started=len(ids))
    return InstrumentOutcome(
        instrument=instrument,
        follow_up=follow_up,
        baseline_rate=report.response_rate(len(before), len(ids)),
        follow_up_rate=report.response_rate(len(after), len(ids)),
        change=report.mean_change(changes),
        share=share,
        people=people,
    )


# --- The intake, for the roster and the practice pages ------------------------------------------


def intake_markers(enrolment_ids: Iterable[int]) -> dict[int, str]:
    """Enrolment id -> "Talk before class 1" while its intake has an unresolved flag. One query."""
    return intake.markers(enrolment_ids)


def needs_medical_advice(enrolment: Enrolment) -> bool:
    """Yes to a back-pain warning sign, not yet discussed with an instructor. One query."""
    return intake.needs_medical_advice(enrolment)
