"""What a batch needs for questionnaire messages, each table read once (called by load_batch).

Intake reminders: their enrolments, whether each intake was sent since the row was written, and
their class 1. Digests: each cohort's intake lists (outcomes.intake.digests).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from course.models import ClassSession, Enrolment
from notifications.due_questionnaires import answered_intakes, intake_is_asked
from notifications.models import Delivery, Kind
from outcomes import intake


@dataclass
class QuestionnaireBatch:
    enrolments: dict[int, Enrolment] = field(default_factory=dict)
    answered: set[int] = field(default_factory=set)
    sessions: dict[str, ClassSession] = field(default_factory=dict)
    intake_asked: bool = False
    # Cohort id -> who has not answered the intake and who has an open marker.
    digests: dict[int, intake.IntakeDigest] = field(default_factory=dict)


def load_questionnaires(
    by_kind: Mapping[str, Sequence[Delivery]], digest_sessions: Sequence[ClassSession]
) -> QuestionnaireBatch:
    found = QuestionnaireBatch()
    reminders = by_kind.get(Kind.QUESTIONNAIRE, [])
    if reminders:
        ids = {d.context.get("enrolment") for d in reminders}
        found.enrolments = {
            e.pk: e
            for e in Enrolment.objects.filter(pk__in=ids).select_related("cohort", "participant")
        }
        found.answered = answered_intakes(list(found.enrolments))
        found.sessions = {
            str(s.public_id): s
            for s in ClassSession.objects.filter(
                public_id__in={d.context.get("session") for d in reminders}
            )
        }
    if reminders or digest_sessions:
        found.intake_asked = intake_is_asked()
    if digest_sessions and found.intake_asked:
        found.digests = intake.digests({s.cohort_id for s in digest_sessions})
    return found
