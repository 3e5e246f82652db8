"""Where generated tracks live and whether they exist: what a page needs, with no audio libraries.

Files, under MEDIA_ROOT/guidance/:
    <practice-slug>/<minutes>.opus, .mp3, .json   a guided practice (the JSON has cue times)
    timer/<minutes>-every-<interval>.opus, .mp3, .json   a plain timer (interval 0 = none)
The .json sidecar is written last, so its presence means both audio files are complete.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from guidance.script import script_fingerprint
from guidance.speech import VOICE_ID

FORMATS = ("opus", "mp3")
# Bump when the way tracks are assembled or encoded changes, so `make_audio` makes them again.
TRACK_VERSION = "2"
MIME_TYPES = {"opus": 'audio/ogg; codecs="opus"', "mp3": "audio/mpeg"}
TIMER_INTERVALS = (0, 5, 10, 15)
TIMER_MAX_MINUTES = 180
# Timer lengths `make_audio --all` prepares ahead; any other whole length can be made on demand.
TIMER_PRESETS = (5, 10, 15, 20, 30, 45, 60)


@dataclass(frozen=True)
class Track:
    """One generated track: its files (relative to MEDIA_ROOT) and how to reach them."""

    name: str  # relative stem, e.g. "guidance/body-scan/45"

    def path(self, extension: str) -> Path:
        return Path(settings.MEDIA_ROOT) / f"{self.name}.{extension}"

    def url(self, extension: str) -> str:
        return f"{settings.MEDIA_URL}{self.name}.{extension}"

    def sources(self) -> list[dict[str, str]]:
        """For an <audio> element: Opus first, MP3 for Safari."""
        return [{"url": self.url(ext), "type": MIME_TYPES[ext]} for ext in FORMATS]

    def exists(self) -> bool:
        return self.path("json").is_file() and all(self.path(ext).is_file() for ext in FORMATS)

    def details(self) -> dict[str, Any]:
        """The sidecar: duration, cue start and end times, bells. Only call when it exists."""
        return json.loads(self.path("json").read_text(encoding="utf-8"))


def current_fingerprint(slug: str) -> str:
    """What a practice track made today from today's script, voice and encoder would record."""
    return script_fingerprint(slug, f"{VOICE_ID}|track-{TRACK_VERSION}")


def practice_track(slug: str, minutes: int) -> Track:
    return Track(f"guidance/{slug}/{int(minutes)}")


def timer_track(minutes: int, interval: int = 0) -> Track:
    check_timer(minutes, interval)
    return Track(f"guidance/timer/{int(minutes)}-every-{int(interval)}")


def text_and_bells_track(minutes: int) -> Track:
    """Bells only, at a practice's length: offered with the transcript until the spoken track
    exists (`make_audio --all` makes one for every length a practice offers)."""
    return timer_track(minutes, 0)


def track_exists(slug: str, minutes: int) -> bool:
    """Whether the guided track for this practice and length has been generated."""
    return practice_track(slug, minutes).exists()


def check_timer(minutes: int, interval: int) -> None:
    if not 1 <= minutes <= TIMER_MAX_MINUTES:
        raise ValueError(f"A timer lasts 1 to {TIMER_MAX_MINUTES} minutes.")
    if interval not in TIMER_INTERVALS:
        raise ValueError("The interval bell is none, or every 5, 10 or 15 minutes.")
