"""Guided-practice scripts: one TOML file per practice in guidance/scripts/<slug>.toml.

A script is written as sections of cues. Each cue is what the voice says, followed by a silence
with a weight (its share of the spare time) and a minimum in seconds:

    slug = "breathing-space"
    title = "Breathing space"
    lengths = [1, 3, 5]            # minutes offered to the person
    intro = "What this practice is, for the page."

    [[section]]
    heading = "Arriving"
    posture = "Knees to chest"     # optional: names an [[adaptation]] (movement practices)

    [[section.cue]]
    say = "Words, as they will be spoken."
    pause = 2                      # weight of the silence after these words (default 0)
    min = 4                        # that silence never gets shorter than this (default 2)

Movement practices also carry back care, for the page to show next to the postures:

    [back_care]
    general = ["Move slowly ...", ...]
    see_clinician = ["Numbness or weakness in the legs", ...]

    [[adaptation]]
    posture = "Knees to chest"
    easier = "An easier variant."
    care = "What to watch for."

Every track opens with a start bell and closes with an end bell; those are added here, not
written in the file.
"""

from __future__ import annotations

import functools
import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from guidance.timeline import Placed, Segment, Silence, Sound, fit

SCRIPTS_DIR = Path(__file__).resolve().parent / "scripts"

# Seconds the bells take on the track (the sound and its ring dying away). Speech starts after
# the start bell has mostly faded; the end bell rings out to the last sample.
START_BELL_SECONDS = 6.0
END_BELL_SECONDS = 10.0
DEFAULT_MIN_PAUSE = 2.0


class ScriptError(ValueError):
    """A script file is missing or malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Cue:
    say: str
    pause: float = 0.0
    min: float = DEFAULT_MIN_PAUSE


@dataclass(frozen=True)
class Section:
    heading: str
    cues: tuple[Cue, ...]
    posture: str = ""


@dataclass(frozen=True)
class Adaptation:
    """How to make one posture easier on a sore back."""

    posture: str
    easier: str
    care: str = ""


@dataclass(frozen=True)
class BackCare:
    general: tuple[str, ...] = ()
    see_clinician: tuple[str, ...] = ()


@dataclass(frozen=True)
class Script:
    slug: str
    title: str
    lengths: tuple[int, ...]
    intro: str
    sections: tuple[Section, ...]
    adaptations: tuple[Adaptation, ...] = ()
    back_care: BackCare = field(default_factory=BackCare)
    source: str = field(default="", repr=False)  # the file as loaded: a track's fingerprint

    @property
    def cues(self) -> list[Cue]:
        return [cue for section in self.sections for cue in section.cues]

    def segments(self, cue_seconds: dict[str, float]) -> list[Segment]:
        """The track as timeline segments, given how long each cue's words take when spoken.

        Keys: "bell:start", "bell:end", and "cue:<n>" for the n-th cue (0-based).
        """
        segments: list[Segment] = [Sound("bell:start", START_BELL_SECONDS)]
        for n, cue in enumerate(self.cues):
            segments.append(Sound(f"cue:{n}", cue_seconds[cue.say]))
            segments.append(Silence(cue.pause, cue.min))
        segments.append(Sound("bell:end", END_BELL_SECONDS))
        return segments

    def plan(self, minutes: int, cue_seconds: dict[str, float]) -> list[Placed]:
        """Where every bell, cue and silence falls in a track of `minutes` (TooShortError if
        the words cannot fit)."""
        return fit(self.segments(cue_seconds), minutes * 60.0)

    def adaptation_for(self, posture: str) -> Adaptation | None:
        return next((a for a in self.adaptations if a.posture == posture), None)


def script_path(slug: str) -> Path:
    return SCRIPTS_DIR / f"{slug}.toml"


def available_slugs() -> list[str]:
    return sorted(p.stem for p in SCRIPTS_DIR.glob("*.toml"))


def has_script(slug: str) -> bool:
    return script_path(slug).is_file()


@functools.cache
def load_script(slug: str) -> Script:
    """The script for a practice slug; ScriptError if there is none or it is malformed."""
    path = script_path(slug)
    if not path.is_file():
        raise ScriptError(f"No guided script for practice {slug!r} (expected {path}).")
    try:
        text = path.read_text(encoding="utf-8")
        script = _build(tomllib.loads(text), text)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ScriptError(f"{path.name}: {exc}") from exc
    if script.slug != slug:
        raise ScriptError(f"{path.name}: slug is {script.slug!r}, expected {slug!r}.")
    return script


def script_fingerprint(slug: str, voice: str) -> str:
    """Changes whenever the script's file (as loaded) or the voice settings change: a track made
    from an older version is then made again."""
    return hashlib.sha256(f"{voice}\n{load_script(slug).source}".encode()).hexdigest()[:16]


def missing_scripts(slugs: list[str]) -> list[str]:
    """The practice slugs among `slugs` that have no script file."""
    return [slug for slug in slugs if not has_script(slug)]


def _build(data: dict, source: str) -> Script:
    sections = tuple(
        Section(
            heading=str(s["heading"]),
            posture=str(s.get("posture", "")),
            cues=tuple(
                Cue(
                    say=" ".join(str(c["say"]).split()),
                    pause=float(c.get("pause", 0)),
                    min=float(c.get("min", DEFAULT_MIN_PAUSE)),
                )
                for c in s["cue"]
            ),
        )
        for s in data["section"]
    )
    care = data.get("back_care", {})
    script = Script(
        slug=str(data["slug"]),
        title=str(data["title"]),
        lengths=tuple(sorted(int(n) for n in data["lengths"])),
        intro=" ".join(str(data.get("intro", "")).split()),
        sections=sections,
        adaptations=tuple(
            Adaptation(
                posture=str(a["posture"]), easier=str(a["easier"]), care=str(a.get("care", ""))
            )
            for a in data.get("adaptation", [])
        ),
        back_care=BackCare(
            general=tuple(str(x) for x in care.get("general", [])),
            see_clinician=tuple(str(x) for x in care.get("see_clinician", [])),
        ),
        source=source,
    )
    _check(script)
    return script


def _check(script: Script) -> None:
    if not script.lengths or min(script.lengths) < 1:
        raise ValueError("lengths must list whole minutes, 1 or more.")
    if not script.cues or any(not cue.say for cue in script.cues):
        raise ValueError("every section needs cues with words.")
    if any(cue.pause < 0 or cue.min < 0 for cue in script.cues):
        raise ValueError("pause and min must be zero or more.")
    if not any(cue.pause > 0 for cue in script.cues):
        raise ValueError("at least one cue needs a pause weight, or no length but one can fit.")
    known = {a.posture for a in script.adaptations}
    for section in script.sections:
        if section.posture and section.posture not in known:
            raise ValueError(
                f"section {section.heading!r} names posture {section.posture!r} "
                "with no [[adaptation]] for it."
            )
