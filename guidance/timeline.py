"""Fit a guided practice to the length a person chose, by stretching only its silences.

A track is a row of segments: sounds of fixed length (bells, spoken cues whose duration was
measured after synthesis) and silences. Each silence has a weight (its share of the silence
time) and a minimum (it never gets shorter than that, so a pause after "breathe in" is still a
pause in the shortest version). The words are never cut or sped up: if the sounds plus the
minimum silences do not fit in the chosen length, the length is refused.

Everything here is pure arithmetic on seconds, so it can be tested without any audio.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Seconds: float noise from summing many segments must not turn an exact fit into a refusal.
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Sound:
    """A fixed-length segment: a bell or a spoken cue (key says which, for the caller)."""

    key: str
    seconds: float


@dataclass(frozen=True)
class Silence:
    """A stretchable pause: `weight` shares the spare time, `minimum` is its floor in seconds."""

    weight: float
    minimum: float


Segment = Sound | Silence


@dataclass(frozen=True)
class Placed:
    """A segment with its place on the track."""

    segment: Segment
    start: float
    seconds: float

    @property
    def end(self) -> float:
        return self.start + self.seconds


class TooShortError(ValueError):
    """The chosen length cannot hold the words, the bells and the shortest silences."""

    def __init__(self, target: float, needed: float) -> None:
        self.target = target
        self.needed = needed
        super().__init__(
            f"{_clock(target)} is too short for this practice: its words, bells and shortest "
            f"pauses need at least {_clock(needed)}. Choose a longer length."
        )


def minimum_length(segments: Sequence[Segment]) -> float:
    """The shortest track these segments can make: every sound, every silence at its minimum."""
    return sum(s.seconds if isinstance(s, Sound) else s.minimum for s in segments)


def fit(segments: Sequence[Segment], target: float) -> list[Placed]:
    """Place every segment so the track lasts exactly `target` seconds.

    Silences get max(minimum, k * weight), with one k for the whole track chosen so the total
    comes out exact. So silences keep the proportions of their weights, except those the
    minimum holds up, and only silences ever change length.
    """
    _validate(segments, target)
    sounds = sum(s.seconds for s in segments if isinstance(s, Sound))
    silences = [s for s in segments if isinstance(s, Silence)]
    needed = minimum_length(segments)
    if target < needed - _TOLERANCE:
        raise TooShortError(target, needed)
    lengths = _share(silences, target - sounds)

    placed: list[Placed] = []
    clock = 0.0
    silence_lengths = iter(lengths)
    for segment in segments:
        seconds = segment.seconds if isinstance(segment, Sound) else next(silence_lengths)
        placed.append(Placed(segment, clock, seconds))
        clock += seconds
    return placed


def _share(silences: list[Silence], available: float) -> list[float]:
    """Split `available` seconds between silences: max(minimum, k * weight), summing exactly.

    The total is a rising, piecewise-linear function of k; walk its corners (each silence's
    minimum / weight) in order until the line through the current piece reaches `available`.
    """
    floor = sum(s.minimum for s in silences)
    stretchy = [s for s in silences if s.weight > 0]
    if available - floor <= _TOLERANCE:
        return [s.minimum for s in silences]
    if not stretchy:
        raise ValueError("No silence in this script can stretch (every weight is zero).")

    held = floor  # seconds of silences still held at their minimum
    free_weight = 0.0  # weight of silences already growing with k
    k = 0.0
    for silence in sorted(stretchy, key=lambda s: s.minimum / s.weight):
        corner = silence.minimum / silence.weight
        if held + corner * free_weight >= available:
            break
        held -= silence.minimum
        free_weight += silence.weight
    k = (available - held) / free_weight
    lengths = [max(s.minimum, k * s.weight) for s in silences]
    # Give float dust to the longest silence so the total is exact to the last bit we can.
    longest = max(range(len(lengths)), key=lengths.__getitem__)
    lengths[longest] += available - sum(lengths)
    return lengths


def _validate(segments: Sequence[Segment], target: float) -> None:
    if target <= 0:
        raise ValueError("A track needs a positive length.")
    for segment in segments:
        if isinstance(segment, Sound) and segment.seconds < 0:
            raise ValueError(f"Sound {segment.key!r} has a negative duration.")
        if isinstance(segment, Silence) and (segment.weight < 0 or segment.minimum < 0):
            raise ValueError("A silence needs a weight and a minimum of zero or more.")


def _clock(seconds: float) -> str:
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s"
