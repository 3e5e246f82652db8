"""The whole script as something to read: for people who prefer reading, or cannot hear."""

from __future__ import annotations

from dataclasses import dataclass

from guidance.script import Adaptation, BackCare, load_script
from guidance.tracks import practice_track


@dataclass(frozen=True)
class Line:
    """One thing on the page: words spoken (`say`) or a longer silence (`pause`, no text)."""

    kind: str
    text: str = ""


@dataclass(frozen=True)
class TranscriptSection:
    heading: str
    lines: tuple[Line, ...]
    adaptation: Adaptation | None = None  # movement practices: the easier way, next to the posture


@dataclass(frozen=True)
class Transcript:
    slug: str
    title: str
    intro: str
    lengths: tuple[int, ...]
    sections: tuple[TranscriptSection, ...]
    back_care: BackCare
    adaptations: tuple[Adaptation, ...]

    def as_text(self) -> str:
        """Plain text: back care first (read before moving), then headings, the words, where
        the longer silences fall, and each posture's easier way the first time it comes up."""
        out = [self.title, "", self.intro]
        if self.back_care.general:
            out += ["", "LOOKING AFTER YOUR BACK", *self.back_care.general]
        if self.back_care.see_clinician:
            out += ["", "Stop and ask a doctor or physiotherapist first if you have:"]
            out += [f"- {item}" for item in self.back_care.see_clinician]
        out += ["", "(A bell rings to begin.)"]
        shown: set[str] = set()
        for section in self.sections:
            out += ["", section.heading.upper()]
            if section.adaptation and section.adaptation.posture not in shown:
                shown.add(section.adaptation.posture)
                out.append(f"Easier: {section.adaptation.easier}")
            for line in section.lines:
                out.append(line.text if line.kind == "say" else "(Silence.)")
        out += ["", "(Bells ring to end.)"]
        return "\n".join(out).strip() + "\n"


def transcript(slug: str) -> Transcript:
    """The transcript for a practice (ScriptError if it has no script)."""
    script = load_script(slug)
    sections = []
    for section in script.sections:
        lines: list[Line] = []
        for cue in section.cues:
            lines.append(Line("say", cue.say))
            if (
                cue.pause > 0
            ):  # the silences that grow with the length; short breaths are not marked
                lines.append(Line("pause"))
        adaptation = script.adaptation_for(section.posture) if section.posture else None
        sections.append(TranscriptSection(section.heading, tuple(lines), adaptation))
    return Transcript(
        slug=script.slug,
        title=script.title,
        intro=script.intro,
        lengths=script.lengths,
        sections=tuple(sections),
        back_care=script.back_care,
        adaptations=script.adaptations,
    )


def cue_times(slug: str, minutes: int) -> list[tuple[float, str]] | None:
    """(start in seconds, words) for each cue of a generated track; None until it exists.

    Lets a page follow along with the audio, or print "12:30 Now bring attention to...".
    """
    track = practice_track(slug, minutes)
    if not track.exists():
        return None
    return [
        (row["start"], row["text"]) for row in track.details()["segments"] if row["kind"] == "cue"
    ]
