"""Assemble and encode tracks: bells made with numpy, silences, and Piper's spoken cues.

One track per (practice, length) and per (timer length, interval bell), encoded by soundfile
(whose wheels bundle libsndfile with Opus and MP3) as Opus in an Ogg container, and as MP3 for
Safari. Tracks are written as a stream, segment by segment, so a 45-minute track never sits in
memory whole. Files are written under a temporary name and moved into place; the JSON sidecar
goes last, so `Track.exists()` never sees a half-made track.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
from django.utils import timezone

from guidance import speech
from guidance.script import END_BELL_SECONDS, START_BELL_SECONDS, load_script
from guidance.timeline import Placed, Silence, Sound, fit
from guidance.tracks import (
    FORMATS,
    Track,
    check_timer,
    current_fingerprint,
    practice_track,
    timer_track,
)

logger = logging.getLogger(__name__)

# Opus in libsndfile takes 8, 12, 16, 24 or 48 kHz; 24 kHz carries speech and bells well and
# MP3 has a matching (MPEG-2) rate that Safari plays.
SAMPLE_RATE = 24_000
SPEECH_PEAK = 0.7
BELL_PEAK = 0.35
INTERVAL_BELL_SECONDS = 6.0
_CHUNK = SAMPLE_RATE * 10  # samples of silence written at a time
_ENCODINGS = {
    "opus": {"format": "OGG", "subtype": "OPUS"},
    "mp3": {"format": "MP3", "subtype": "MPEG_LAYER_III"},
}
# 0 is best quality, 1 smallest. Speech over silence needs little; these keep the voice clear.
# Opus is always variable-rate in libsndfile (it refuses a bitrate mode); MP3 is asked for VBR.
_COMPRESSION = {"opus": 0.8, "mp3": 0.6}
_BITRATE_MODE = {"opus": None, "mp3": "VARIABLE"}


# --- Bells ------------------------------------------------------------------------------------

# A struck bowl: inharmonic partials (ratio to the fundamental, level, decay time in seconds),
# each paired with a slightly detuned twin so the tone beats gently as it fades.
_PARTIALS = ((1.0, 1.0, 3.2), (2.76, 0.45, 2.0), (5.40, 0.2, 1.1), (8.93, 0.08, 0.6))
_BELL_PITCH_HZ = 264.0


def strike(seconds: float, *, pitch: float = _BELL_PITCH_HZ, level: float = 1.0) -> np.ndarray:
    """One strike of a soft bowl-like bell, `seconds` long, ringing away to silence."""
    n = round(seconds * SAMPLE_RATE)
    t = np.arange(n, dtype=np.float64) / SAMPLE_RATE
    tone = np.zeros(n)
    for ratio, amplitude, decay in _PARTIALS:
        frequency = pitch * ratio
        envelope = amplitude * np.exp(-t / decay)
        tone += envelope * (
            np.sin(2 * np.pi * frequency * t) + 0.5 * np.sin(2 * np.pi * (frequency + 0.7) * t)
        )
    # A padded mallet, not a click: 15 ms rise. The last second fades to exactly zero.
    rise = min(n, round(0.015 * SAMPLE_RATE))
    tone[:rise] *= np.sin(np.linspace(0, np.pi / 2, rise)) ** 2
    tail = min(n, SAMPLE_RATE)
    tone[n - tail :] *= np.cos(np.linspace(0, np.pi / 2, tail)) ** 2
    return (tone / np.max(np.abs(tone)) * BELL_PEAK * level).astype(np.float32)


def bell(kind: str) -> np.ndarray:
    """The start bell (one strike), the end bell (three) or the interval bell (one, softer)."""
    if kind == "start":
        return strike(START_BELL_SECONDS)
    if kind == "interval":
        return strike(INTERVAL_BELL_SECONDS, level=0.7)
    if kind == "end":
        out = np.zeros(round(END_BELL_SECONDS * SAMPLE_RATE), dtype=np.float32)
        for at in (0.0, 2.5, 5.0):
            begin = round(at * SAMPLE_RATE)
            out[begin:] += strike(END_BELL_SECONDS - at)
        return (out / np.max(np.abs(out)) * BELL_PEAK).astype(np.float32)
    raise ValueError(f"Unknown bell {kind!r}")


# --- Speech -----------------------------------------------------------------------------------


def resample(samples: np.ndarray, rate: int, target: int = SAMPLE_RATE) -> np.ndarray:
    """Band-limited resampling through the spectrum (cues are short, so one FFT each is cheap)."""
    if rate == target:
        return samples.astype(np.float32)
    n_out = round(len(samples) * target / rate)
    spectrum = np.fft.rfft(samples.astype(np.float64))
    bins = n_out // 2 + 1
    if bins <= len(spectrum):
        spectrum = spectrum[:bins]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(bins - len(spectrum), dtype=complex)])
    return (np.fft.irfft(spectrum, n_out) * (n_out / len(samples))).astype(np.float32)


def spoken(text: str) -> np.ndarray:
    """A cached cue at the track's sample rate, at a steady level, with click-free edges."""
    samples, rate = speech.load(text)
    samples = resample(samples, rate)
    peak = float(np.max(np.abs(samples))) or 1.0
    samples = samples * (SPEECH_PEAK / peak)
    edge = min(len(samples) // 2, round(0.01 * SAMPLE_RATE))
    if edge:
        ramp = np.linspace(0.0, 1.0, edge, dtype=np.float32)
        samples[:edge] *= ramp
        samples[-edge:] *= ramp[::-1]
    return samples.astype(np.float32)


# --- Tracks -----------------------------------------------------------------------------------


def generate_practice(slug: str, minutes: int, *, force: bool = False) -> Track:
    """Make (or reuse) the guided track for a practice at one of its lengths."""
    script = load_script(slug)
    if minutes not in script.lengths:
        offered = ", ".join(str(n) for n in script.lengths)
        raise ValueError(f"{script.title} is offered at {offered} minutes, not {minutes}.")
    track = practice_track(slug, minutes)
    fingerprint = current_fingerprint(slug)
    if not force and track.exists() and track.details().get("script") == fingerprint:
        return track
    texts = [cue.say for cue in script.cues]
    speech.synthesize(texts)
    sounds: dict[str, np.ndarray] = {"bell:start": bell("start"), "bell:end": bell("end")}
    cue_seconds: dict[str, float] = {}
    for n, text in enumerate(texts):
        sounds[f"cue:{n}"] = spoken(text)
        cue_seconds[text] = len(sounds[f"cue:{n}"]) / SAMPLE_RATE
    placed = script.plan(minutes, cue_seconds)
    sidecar = {
        "kind": "practice",
        "practice": slug,
        "title": script.title,
        "minutes": minutes,
        "voice": speech.VOICE_ID,
        "script": fingerprint,
        **_describe(placed, texts),
    }
    _write(track, placed, sounds, sidecar)
    return track


def generate_timer(minutes: int, interval: int = 0, *, force: bool = False) -> Track:
    """Make (or reuse) a plain timer: start bell, optional interval bells, end bell."""
    check_timer(minutes, interval)
    track = timer_track(minutes, interval)
    if track.exists() and not force:
        return track
    placed = fit(timer_segments(minutes, interval), minutes * 60.0)
    sounds = {
        "bell:start": bell("start"),
        "bell:interval": bell("interval"),
        "bell:end": bell("end"),
    }
    sidecar = {"kind": "timer", "minutes": minutes, "interval": interval, **_describe(placed, [])}
    _write(track, placed, sounds, sidecar)
    return track


def timer_segments(minutes: int, interval: int) -> list[Sound | Silence]:
    """Bells at fixed times: the start at 0, an interval bell struck on each whole interval
    that leaves room before the end bell, and the end bell ringing out at the last second."""
    total = minutes * 60.0
    end_at = total - END_BELL_SECONDS
    marks = []
    if interval:
        at = interval * 60.0
        while at + INTERVAL_BELL_SECONDS <= end_at:
            marks.append(at)
            at += interval * 60.0
    segments: list[Sound | Silence] = []
    clock = 0.0
    for key, at, length in [
        ("bell:start", 0.0, START_BELL_SECONDS),
        *[("bell:interval", m, INTERVAL_BELL_SECONDS) for m in marks],
        ("bell:end", max(end_at, START_BELL_SECONDS), END_BELL_SECONDS),
    ]:
        if at > clock:
            segments.append(Silence(0.0, at - clock))
        segments.append(Sound(key, length))
        clock = at + length
    return segments


def _describe(placed: list[Placed], texts: list[str]) -> dict[str, Any]:
    rows = []
    for item in placed:
        if isinstance(item.segment, Sound):
            kind, _, name = item.segment.key.partition(":")
            row: dict[str, Any] = {
                "kind": kind,
                "start": round(item.start, 3),
                "end": round(item.end, 3),
            }
            row["text" if kind == "cue" else "bell"] = texts[int(name)] if kind == "cue" else name
            rows.append(row)
    return {
        "seconds": round(placed[-1].end, 3),
        "sample_rate": SAMPLE_RATE,
        "segments": rows,
        "generated_at": timezone.now().isoformat(),
    }


def _blocks(placed: list[Placed], sounds: dict[str, np.ndarray]) -> Iterator[np.ndarray]:
    """The track's samples in order. Segment edges are rounded to whole samples from the exact
    times, so rounding never accumulates and the total is exactly the chosen length."""
    for item in placed:
        begin = round(item.start * SAMPLE_RATE)
        length = round(item.end * SAMPLE_RATE) - begin
        if isinstance(item.segment, Sound):
            audio = sounds[item.segment.key][:length]
            yield audio
            if len(audio) < length:
                yield np.zeros(length - len(audio), dtype=np.float32)
        else:
            while length > 0:
                step = min(length, _CHUNK)
                yield np.zeros(step, dtype=np.float32)
                length -= step


def _write(
    track: Track, placed: list[Placed], sounds: dict[str, np.ndarray], sidecar: dict
) -> None:
    final = {ext: track.path(ext) for ext in FORMATS}
    final["opus"].parent.mkdir(parents=True, exist_ok=True)
    partial = {ext: path.with_name(f".{path.stem}.partial.{ext}") for ext, path in final.items()}
    track.path("json").unlink(missing_ok=True)
    files = {
        ext: sf.SoundFile(
            partial[ext], "w", samplerate=SAMPLE_RATE, channels=1,
            compression_level=_COMPRESSION[ext], bitrate_mode=_BITRATE_MODE[ext], **_ENCODINGS[ext],
        )
        for ext in FORMATS
    }  # fmt: skip
    try:
        for block in _blocks(placed, sounds):
            for handle in files.values():
                handle.write(block)
    finally:
        for handle in files.values():
            handle.close()
    for ext in FORMATS:
        Path(partial[ext]).replace(final[ext])
    sidecar_tmp = track.path("json").with_suffix(".partial.json")
    sidecar_tmp.write_text(json.dumps(sidecar, indent=1), encoding="utf-8")
    sidecar_tmp.replace(track.path("json"))
    logger.info("Wrote %s (%s s)", track.name, sidecar["seconds"])
