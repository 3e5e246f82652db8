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
        """Plain text: headings, the words, and where the longer silences fall."""
        out = [self.title, "", self.intro, "", "(A bell rings to begin.)"]
        for section in self.sections:
            out += ["", section.heading.upper()]
            for line in section.lines:
                out.append(line.text if line.kind == "say" else "(Silence.)")
            if section.adaptation:
                out.append(f"Easier: {section.adaptation.easier}")
        out += ["", "(Bells ring to end.)"]
        if self.back_care.general:
            out += ["", "LOOKING AFTER YOUR BACK", *self.back_care.general]
        if self.back_care.see_clinician:
            out += ["", "Stop and ask a doctor or physiotherapist first if you have:",
                    *[f"- {item}" for item in self.back_care.see_clinician]]  # fmt: skip
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
