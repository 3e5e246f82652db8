"""What the practice library, practice pages, player and timer show (reads only).

The sound comes from `guidance` (generated tracks) and from a cohort's own recordings
(`course.CohortRecording`); this module decides which of them a page offers, in which order,
and what the log form is pre-filled with. Files are reached through our own range-serving
views (homework.views_practise), never MEDIA_URL, so only signed-in people can play them.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache
from django.urls import reverse

from course.models import CohortAssignment, CohortRecording, Enrolment, Practice
from guidance.script import has_script, load_script
from guidance.tracks import FORMATS, MIME_TYPES, Track, practice_track, text_and_bells_track
from guidance.transcript import Transcript, transcript
from homework.access import Participation
from homework.forms import PracticeLogForm
from homework.models import PracticeLog

logger = logging.getLogger(__name__)

HISTORY_SHOWN = 10
# Lengths the timer offers; any whole number in range can be typed, these are the quick picks.
TIMER_MINUTES = (1, 5, 10, 15, 20, 30, 45, 60)
TIMER_MAX = 60


def assigned_practice_ids(participation: Participation) -> list[int]:
    """This week's assigned practices (and those that also count), in the order asked."""
    number = participation.week or 1
    ids: list[int] = []
    assignments = CohortAssignment.objects.filter(
        cohort_id=participation.enrolment.cohort_id, week=number
    ).prefetch_related("also_counts")
    for assignment in assignments.order_by("position"):
        for pk in [assignment.practice_id, *(p.pk for p in assignment.also_counts.all())]:
            if pk is not None and pk not in ids:
                ids.append(pk)
    return ids


def library(participation: Participation) -> dict[str, Any]:
    assigned = assigned_practice_ids(participation)
    practices = list(Practice.objects.all())
    by_id = {p.pk: p for p in practices}
    this_week = [by_id[pk] for pk in assigned if pk in by_id]
    rest = [p for p in practices if p.pk not in assigned]
    return {
        "week_number": participation.week,
        "this_week": this_week,
        "formal": [p for p in rest if p.category == Practice.Category.FORMAL],
        "informal": [p for p in rest if p.category == Practice.Category.INFORMAL],
    }


def lengths_of(practice: Practice) -> tuple[int, ...]:
    return load_script(practice.slug).lengths if has_script(practice.slug) else ()


def best_length(practice: Practice, target: int) -> int | None:
    """The offered length closest to a target (the shorter one on a tie)."""
    lengths = lengths_of(practice)
    if not lengths:
        return None
    return min(lengths, key=lambda n: (abs(n - target), n))


def practice_page(participation: Participation, practice: Practice) -> dict[str, Any]:
    logs = PracticeLog.objects.filter(enrolment=participation.enrolment, practice=practice)
    return {
        "enrolment": participation.enrolment,
        "practice": practice,
        "lengths": lengths_of(practice),
        "transcript": _transcript(practice),
        "history": list(logs.order_by("-practised_on", "-created_at")[:HISTORY_SHOWN]),
        "history_count": logs.count(),
        "recording": latest_recording(participation.enrolment, practice),
    }


def _transcript(practice: Practice) -> Transcript | None:
    return transcript(practice.slug) if has_script(practice.slug) else None


def latest_recording(enrolment: Enrolment, practice: Practice) -> CohortRecording | None:
    return (
        CohortRecording.objects.filter(cohort_id=enrolment.cohort_id, practice=practice)
        .order_by("-uploaded_at")
        .first()
    )


def track_sources(track: Track) -> list[dict[str, str]]:
    """Track.sources(), through the range-serving view instead of MEDIA_URL."""
    stem = track.name.removeprefix("guidance/")
    return [
        {"url": reverse("homework:guidance_audio", args=[f"{stem}.{ext}"]), "type": MIME_TYPES[ext]}
        for ext in FORMATS
    ]


def request_timer(minutes: int, interval: int) -> None:
    """Ask a worker for a timer track, once per few minutes however often the page reloads."""
    from guidance.tasks import generate_timer

    if not cache.add(f"guidance:timer-requested:{minutes}:{interval}", 1, timeout=300):
        return
    try:
        generate_timer.delay(minutes, interval)
    except Exception:  # a broker outage must not break the page; the text is still there
        logger.exception("Could not queue a timer track")
        cache.delete(f"guidance:timer-requested:{minutes}:{interval}")


def log_form(
    participation: Participation, *, practice: Practice | None, minutes: int, guided: bool
) -> PracticeLogForm:
    """The practice log form, pre-filled: the page's script sets the minutes actually played."""
    initial: dict[str, Any] = {"minutes": minutes, "guided": guided}
    if practice is not None:
        initial["practice"] = practice.pk
    else:  # the timer: this week's first assigned practice, which the person may change
        assigned = assigned_practice_ids(participation)
        if assigned:
            initial["practice"] = assigned[0]
    return PracticeLogForm(
        enrolment=participation.enrolment, today=participation.today, initial=initial
    )


def player(participation: Participation, practice: Practice, minutes: int) -> dict[str, Any]:
    """A recording of the cohort's own first, then the generated guided track; without the
    guided track, the text-and-bells version (asked for if missing) beside the transcript."""
    recording = latest_recording(participation.enrolment, practice)
    guided = practice_track(practice.slug, minutes)
    sources: list[dict[str, str]] = []
    if recording is not None:
        sources.append(
            {
                "url": reverse("homework:recording_audio", args=[recording.public_id]),
                "type": recording.content_type,
            }
        )
    mode = "guided"
    if guided.exists():
        sources += track_sources(guided)
    elif recording is None:
        bells = text_and_bells_track(minutes)
        if bells.exists():
            mode = "bells"
            sources = track_sources(bells)
        else:
            mode = "text"
            request_timer(minutes, 0)
    is_guided = mode == "guided"
    return {
        "enrolment": participation.enrolment,
        "practice": practice,
        "minutes": minutes,
        "lengths": lengths_of(practice),
        "mode": mode,
        "recording": recording,
        "sources": sources,
        "transcript": _transcript(practice),
        "form": log_form(participation, practice=practice, minutes=minutes, guided=is_guided),
    }
