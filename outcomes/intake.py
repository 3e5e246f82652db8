"""The intake before class 1: what its answers mean for the instructor and for the participant.

The intake is an ordinary instrument (outcomes/instruments/intake.json, time point `intake`).
Two of its flags matter here:
- TALK_FIRST (depression, addiction, psychosis, post-traumatic stress): the instructor sees a
  neutral "talk before class 1" marker. It is never a diagnosis and never refuses anyone;
- MEDICAL_ADVICE (the back-pain warning signs): the participant sees, at once and on the yoga
  and walking practices, a note to seek medical advice before moving; the instructor sees the
  marker too.
Both stay open until an instructor records a decision (IntakeReview) after the intake was sent.

Every read here runs a fixed number of queries, whatever the number of people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from course.models import Cohort, Enrolment, Practice
from outcomes.models import Answer, IntakeReview, Item, Response, TimePoint

INSTRUMENT = "intake"
TALK_FIRST = "talk-before-class-1"
MEDICAL_ADVICE = "medical-advice"
FLAGS = (TALK_FIRST, MEDICAL_ADVICE)
# Both flags ask for the same thing of the instructor: a conversation. The words stay neutral.
MARKER = "Talk before class 1"
# The practices that move the body: the medical-advice note and the sore-back page go with them.
MOVEMENT_PRACTICES = frozenset({"yoga-lying", "yoga-standing", "walking"})


def _decided_since_sent() -> Exists:
    """A decision recorded after (or when) the intake was sent: the marker is resolved."""
    return Exists(
        IntakeReview.objects.filter(
            enrolment_id=OuterRef("response__enrolment_id"),
            created_at__gte=OuterRef("response__submitted_at"),
        ).exclude(decision="")
    )


def open_flags(enrolment_ids: Iterable[int]) -> dict[int, set[str]]:
    """Enrolment id -> the intake flags raised and not yet resolved by a decision. One query."""
    rows = (
        Answer.objects.filter(
            response__enrolment_id__in=list(enrolment_ids),
            response__instrument__slug=INSTRUMENT,
            response__time_point=TimePoint.INTAKE,
            response__status=Response.Status.SUBMITTED,
            item__scale=Item.Scale.YES_NO,
            item__flag_on_yes__in=FLAGS,
            value=1,
        )
        .exclude(_decided_since_sent())
        .values_list("response__enrolment_id", "item__flag_on_yes")
        .distinct()
    )
    found: dict[int, set[str]] = {}
    for enrolment_id, flag in rows:
        found.setdefault(enrolment_id, set()).add(flag)
    return found


def markers(enrolment_ids: Iterable[int]) -> dict[int, str]:
    """Enrolment id -> the neutral marker, for everyone with an open flag (roster, digest)."""
    return dict.fromkeys(open_flags(enrolment_ids), MARKER)


def needs_medical_advice(enrolment: Enrolment) -> bool:
    """Whether this person said yes to a back-pain warning sign and nobody has discussed it yet."""
    return MEDICAL_ADVICE in open_flags([enrolment.pk]).get(enrolment.pk, set())


def is_movement(practices: Iterable[Practice | None]) -> bool:
    return any(p is not None and p.slug in MOVEMENT_PRACTICES for p in practices)


# --- The instructor's intake page -------------------------------------------------------------


@dataclass
class AnswerRow:
    question: str
    answer: str
    flag: str  # the flag this answer raised, "" for none


@dataclass
class IntakeState:
    """One person's intake as the instructor sees it."""

    enrolment: Enrolment
    response: Response | None
    reviews: list[IntakeReview] = field(default_factory=list)  # newest first

    @property
    def is_answered(self) -> bool:
        return self.response is not None and self.response.is_submitted

    @property
    def submitted_at(self) -> dt.datetime | None:
        return self.response.submitted_at if self.response else None

    @property
    def raised(self) -> set[str]:
        if not self.is_answered or self.response is None:
            return set()
        return {
            a.item.flag_on_yes
            for a in self.response.answers.all()
            if a.value == 1 and a.item.scale == Item.Scale.YES_NO and a.item.flag_on_yes in FLAGS
        }

    @property
    def decision(self) -> IntakeReview | None:
        """The latest decision recorded since the intake was sent (what resolves the marker)."""
        sent = self.submitted_at
        for review in self.reviews:
            if review.is_decision and sent is not None and review.created_at >= sent:
                return review
        return None

    @property
    def open(self) -> set[str]:
        return set() if self.decision is not None else self.raised

    @property
    def marker(self) -> str:
        return MARKER if self.open else ""

    @property
    def latest_notes(self) -> str:
        return next((r.notes for r in self.reviews if r.notes), "")

    def rows(self) -> list[AnswerRow]:
        """The sent answers in question order, with what each one raised."""
        if not self.is_answered or self.response is None:
            return []
        answers = {a.item_id: a for a in self.response.answers.all()}
        rows = []
        for item in self.response.instrument.items.all():
            answer = answers.get(item.pk)
            rows.append(AnswerRow(item.wording, shown(item, answer), _raised_by(item, answer)))
        return rows


def _raised_by(item: Item, answer: Answer | None) -> str:
    if answer is not None and answer.value == 1 and item.flag_on_yes in FLAGS:
        return item.flag_on_yes
    return ""


def shown(item: Item, answer: Answer | None) -> str:
    if answer is None:
        return "Not answered"
    if answer.value is None:
        return answer.text
    return dict(item.choices()).get(answer.value, str(answer.value))


def intake_states(enrolments: Sequence[Enrolment]) -> list[IntakeState]:
    """The intake of each of these enrolments (answered or not), in their order. Four queries:
    responses, their answers (with items), the instrument's items, the reviews."""
    ids = [e.pk for e in enrolments]
    responses = {
        r.enrolment_id: r
        for r in Response.objects.filter(
            enrolment_id__in=ids,
            instrument__slug=INSTRUMENT,
            time_point=TimePoint.INTAKE,
            status=Response.Status.SUBMITTED,
        )
        .select_related("instrument")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("item")),
            Prefetch("instrument__items", queryset=Item.objects.order_by("position")),
        )
    }
    reviews: dict[int, list[IntakeReview]] = {}
    for review in IntakeReview.objects.filter(enrolment_id__in=ids).select_related("author"):
        reviews.setdefault(review.enrolment_id, []).append(review)
    return [IntakeState(e, responses.get(e.pk), reviews.get(e.pk, [])) for e in enrolments]


# --- The instructor digest --------------------------------------------------------------------


@dataclass
class IntakeDigest:
    """For one cohort: who has not answered the intake, and who has an open marker."""

    unanswered: list[str] = field(default_factory=list)
    talk_first: list[str] = field(default_factory=list)


# Who is asked (as selectors.ANSWERING, which imports this module, so it cannot be shared).
ANSWERING = [Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED]


def digests(cohorts: Iterable[Cohort | int]) -> dict[int, IntakeDigest]:
    """Cohort id -> its intake digest (names in roster order). Three queries."""
    cohort_ids = [c if isinstance(c, int) else c.pk for c in cohorts]
    enrolments = list(
        Enrolment.objects.filter(cohort_id__in=cohort_ids, status__in=ANSWERING)
        .select_related("participant")
        .order_by("participant__display_name", "participant__email")
    )
    ids = [e.pk for e in enrolments]
    answered = set(
        Response.objects.filter(
            enrolment_id__in=ids,
            instrument__slug=INSTRUMENT,
            time_point=TimePoint.INTAKE,
            status=Response.Status.SUBMITTED,
        ).values_list("enrolment_id", flat=True)
    )
    flagged = open_flags(ids)
    found = {pk: IntakeDigest() for pk in cohort_ids}
    for enrolment in enrolments:
        name = enrolment.participant.get_full_name()
        digest = found[enrolment.cohort_id]
        if enrolment.pk not in answered:
            digest.unanswered.append(name)
        if enrolment.pk in flagged:
            digest.talk_first.append(name)
    return found
