"""Which tracks to make, shared by `manage.py make_audio` and the Celery task.

Nothing here imports numpy, soundfile or Piper, so a caller can find out what is missing, and
say so plainly, before any of them is needed.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

from guidance.script import available_slugs, load_script
from guidance.tracks import (
    TIMER_INTERVALS,
    TIMER_PRESETS,
    Track,
    current_fingerprint,
    practice_track,
    timer_track,
)


class AudioUnavailable(RuntimeError):
    """The audio extra is not installed; the message says how to install it."""


@dataclass(frozen=True)
class Job:
    """One track to make: a practice at a length, or a timer (slug "timer") with an interval."""

    slug: str
    minutes: int
    interval: int = 0

    @property
    def is_timer(self) -> bool:
        return self.slug == "timer"

    @property
    def track(self) -> Track:
        if self.is_timer:
            return timer_track(self.minutes, self.interval)
        return practice_track(self.slug, self.minutes)

    def __str__(self) -> str:
        if self.is_timer:
            bell = f"a bell every {self.interval} min" if self.interval else "no interval bell"
            return f"timer {self.minutes} min, {bell}"
        return f"{self.slug} {self.minutes} min"

    def is_current(self) -> bool:
        track = self.track
        if not track.exists():
            return False
        return self.is_timer or track.details().get("script") == current_fingerprint(self.slug)

    def run(self, *, force: bool = False) -> Track:
        from guidance import audio  # numpy and soundfile: only once there is work to do

        if self.is_timer:
            return audio.generate_timer(self.minutes, self.interval, force=force)
        return audio.generate_practice(self.slug, self.minutes, force=force)


def practice_jobs(practice: str | None = None, minutes: int | None = None) -> list[Job]:
    """Every offered length of one practice (or of all), or just `minutes` where offered.

    Raises ValueError for an unknown practice or a length the practice does not offer.
    """
    slugs = [practice] if practice else available_slugs()
    jobs = []
    for slug in slugs:
        script = load_script(slug)
        if minutes is not None and minutes not in script.lengths:
            offered = ", ".join(str(n) for n in script.lengths)
            raise ValueError(f"{slug} is offered at {offered} minutes, not {minutes}.")
        jobs += [Job(slug, n) for n in script.lengths if minutes in (None, n)]
    return jobs


def timer_jobs() -> list[Job]:
    """The timers prepared ahead: each preset length with each interval bell that fits in it,
    and a plain timer for every length a practice offers (the text-and-bells version a page
    offers until the spoken track exists)."""
    presets = [
        Job("timer", n, every)
        for n in TIMER_PRESETS
        for every in TIMER_INTERVALS
        if every == 0 or every < n
    ]
    lengths = {n for slug in available_slugs() for n in load_script(slug).lengths}
    return presets + [Job("timer", n) for n in sorted(lengths - set(TIMER_PRESETS))]


def missing(jobs: list[Job]) -> list[Job]:
    """The jobs whose track is absent, or was made from an older script or voice setting."""
    return [job for job in jobs if not job.is_current()]


def check_audio_libraries(*, speech: bool) -> None:
    """Raise AudioUnavailable unless numpy and soundfile (and, for speech, Piper and its voice)
    are installed, with a message that says how to install them."""
    from guidance.speech import INSTALL_HINT, SpeechUnavailable, check_available

    absent = [name for name in ("numpy", "soundfile") if importlib.util.find_spec(name) is None]
    if absent:
        raise AudioUnavailable(f"{' and '.join(absent)} not installed. {INSTALL_HINT}")
    if speech:
        try:
            check_available()
        except SpeechUnavailable as exc:
            raise AudioUnavailable(str(exc)) from None
