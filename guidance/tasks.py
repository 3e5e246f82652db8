"""Celery task: make guided and timer tracks in the background (the quick start queues it).

A whole practice is one task (its lengths share the same spoken cues, synthesised once); asked
for everything, the task fans out one task per practice so no single task runs for long and a
crash loses at most one practice's work (finished cues stay cached).
"""

from __future__ import annotations

import logging

from celery import shared_task

from guidance.jobs import (
    AudioUnavailable,
    Job,
    check_audio_libraries,
    missing,
    practice_jobs,
    timer_jobs,
)
from guidance.script import available_slugs
from guidance.speech import SpeechUnavailable
from guidance.timeline import TooShortError

logger = logging.getLogger(__name__)


@shared_task(
    name="guidance.tasks.generate_audio",
    ignore_result=True,
    # Synthesis and encoding of a 45-minute practice take minutes, not the default seconds.
    soft_time_limit=1800,
    time_limit=1900,
)
def generate_audio(
    practice: str | None = None, minutes: int | None = None, timers: bool = False
) -> dict[str, object]:
    """Make the missing tracks for one practice (optionally one length), or, with no practice,
    queue one task per practice that still lacks a track plus one for the preset timers.

    Returns what it did; a missing audio extra or a bad slug is logged and reported, not raised,
    because retrying would not help.
    """
    if practice is None and not timers:
        queued = []
        for slug in available_slugs():
            if missing(practice_jobs(slug)):
                generate_audio.delay(practice=slug)
                queued.append(slug)
        if missing(timer_jobs()):
            generate_audio.delay(timers=True)
            queued.append("timer")
        return {"queued": queued}

    try:
        jobs = missing(timer_jobs() if timers else practice_jobs(practice, minutes))
        if jobs:
            check_audio_libraries(speech=not timers)
        for job in jobs:
            job.run()
    except (AudioUnavailable, SpeechUnavailable, TooShortError, ValueError) as exc:
        logger.error("Audio generation stopped: %s", exc)
        return {"error": str(exc)}
    return {"made": [str(job) for job in jobs]}


@shared_task(
    name="guidance.tasks.generate_timer", ignore_result=True, soft_time_limit=600, time_limit=660
)
def generate_timer(minutes: int, interval: int = 0) -> dict[str, object]:
    """Make one timer track on demand (a length not among the presets). No Piper needed."""
    job = Job("timer", int(minutes), int(interval))
    try:
        if job.is_current():
            return {"made": []}
        check_audio_libraries(speech=False)
        job.run()
    except (AudioUnavailable, ValueError) as exc:
        logger.error("Timer generation stopped: %s", exc)
        return {"error": str(exc)}
    return {"made": [str(job)]}
