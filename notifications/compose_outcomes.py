"""What questionnaire invitations and reminders say (compose stage), and what they need loaded.

`load_questionnaires` is called by batch.load_batch for the whole batch (a fixed number of
queries); the two builders, registered in compose.BUILDERS, then work without querying. Just
before sending they ask again whether the message is still wanted: the person may have answered
(on the dashboard, say) since the row was written, paused their reminders, or left the course.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Any, Protocol

from django.urls import reverse

from course.models import Enrolment
from notifications.due import read_settings
from notifications.emails import absolute_url
from notifications.models import Delivery, Kind
from outcomes.models import TimePoint
from outcomes.selectors import ANSWERING, Questionnaire, questionnaires


class Batch(Protocol):
    """What the builders read of notifications.batch.Batch (which imports this module)."""

    now: dt.datetime
    preview: bool
    questionnaires: dict[tuple[int, str], Questionnaire]


KINDS = (Kind.OUTCOME_INVITE, Kind.OUTCOME_REMINDER)
WHY = (
    "You get this because you are taking part in a course on Stillpoint and its short "
    "questionnaires help you and your instructors see how things change."
)
# Both kinds are switched off together (one preference), so the footer names both.
KIND_LABEL = "Questionnaire invitations and reminders"

# What each time point asks about, in a sentence for the e-mail.
ABOUT: dict[str, str] = {
    TimePoint.BASELINE: "a few questions about how you are now, before the course begins",
    TimePoint.END_OF_COURSE: "the same few questions again, now that the course is ending",
    TimePoint.FOLLOW_UP_26: "the same few questions again, six months after the course began",
    TimePoint.FOLLOW_UP_52: "the same few questions again, a year after the course began",
}

Built = tuple[str, dict[str, Any], list[tuple[str, bytes | str, str]]] | str


def _key(delivery: Delivery) -> tuple[object, object]:
    return delivery.context.get("enrolment"), delivery.context.get("time_point")


def load_questionnaires(deliveries: Sequence[Delivery]) -> dict[tuple[int, str], Questionnaire]:
    """The questionnaires these rows are about, by (enrolment id, time point).

    None of the batch's rows are questionnaire messages: no query. Otherwise the enrolments
    still answering, and questionnaires()'s five queries, whatever the batch size.
    """
    wanted = {_key(d) for d in deliveries if d.kind in KINDS}
    if not wanted:
        return {}
    enrolments = list(
        Enrolment.objects.filter(
            pk__in={pk for pk, _ in wanted}, status__in=ANSWERING
        ).select_related("cohort")
    )
    return {
        (q.enrolment.pk, q.time_point): q
        for q in questionnaires(enrolments, answers=False)
        if (q.enrolment.pk, q.time_point) in wanted
    }


def _build(delivery: Delivery, batch: Batch, template: str) -> Built:
    user = delivery.recipient
    if user is None:
        return "Questionnaire e-mails go to accounts only."
    q = batch.questionnaires.get(_key(delivery))  # type: ignore[arg-type]
    if q is None or q.enrolment.participant_id != user.pk:
        return "No longer taking part, or nothing is asked at this point."
    if not batch.preview:
        if q.is_submitted:
            return "Already answered."
        if not q.is_open(batch.now):
            return "The questionnaire is closed."
        if read_settings(user).is_paused_on(user.local_date(batch.now)):
            return "Reminders are paused."
    zone = zoneinfo.ZoneInfo(user.time_zone)
    return (
        template,
        {
            "label": q.label,
            "about": ABOUT.get(q.time_point, "a few short questions"),
            "cohort": q.enrolment.cohort.title,
            "sets": len(q.instruments),
            "started": q.is_started,
            "url": absolute_url(
                reverse("outcomes:questionnaire", args=[q.enrolment.public_id, q.time_point])
            ),
            # A naive wall-clock time on the person's own clock (the template would otherwise
            # show an aware one in the worker's zone).
            "closes_local": q.window.closes_at.astimezone(zone).replace(tzinfo=None),
            "zone_name": zone.key,
            "why": WHY,
            "kind_label": KIND_LABEL,
        },
        [],
    )


def build_invitation(delivery: Delivery, batch: Batch) -> Built:
    return _build(delivery, batch, "outcome-invite")


def build_reminder(delivery: Delivery, batch: Batch) -> Built:
    return _build(delivery, batch, "outcome-reminder")
