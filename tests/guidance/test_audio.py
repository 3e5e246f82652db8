"""Real tracks: Piper speaks the cues (as a separate process), numpy rings the bells, soundfile
encodes Opus and MP3. These fail, rather than skip, when the audio extra is missing: CI installs
it, and a skipped check would hide a broken install.

Kept short for a shared CPU: one 1-minute breathing space and one 6-minute timer per run.
"""

from __future__ import annotations

import itertools
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from django.core.management import call_command
from django.test import override_settings

from guidance import audio, speech
from guidance.script import load_script
from guidance.tasks import generate_audio
from guidance.tracks import practice_track, timer_track, track_exists
from guidance.transcript import cue_times

pytestmark = pytest.mark.audio

FRAME = 0.05  # seconds per RMS frame
SPEECH_RMS = 0.02  # a spoken cue is well above this; digital silence decodes to ~0
SILENCE_RMS = 0.002


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0


def window(
    samples: np.ndarray, rate: int, start: float, end: float, margin: float = 0.0
) -> np.ndarray:
    return samples[round((start + margin) * rate) : round((end - margin) * rate)]


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(root), GUIDANCE_SPEECH_CACHE=root / "speech-cache"):
        yield root


@pytest.fixture(scope="module")
def breathing_space(media: Path) -> Path:
    speech.check_available()  # a missing Piper fails here, with the install hint
    audio.generate_practice("breathing-space", 1)
    return media / "guidance" / "breathing-space" / "1"


def test_piper_and_its_voice_are_installed() -> None:
    speech.check_available()
    assert speech.voice_model_path().name == "en_US-joe-medium.onnx"


@pytest.mark.parametrize("extension", ["opus", "mp3"])
def test_the_track_lasts_the_chosen_length(breathing_space: Path, extension: str) -> None:
    info = sf.info(str(breathing_space.with_suffix(f".{extension}")))
    assert info.duration == pytest.approx(60.0, rel=0.02)
    assert info.channels == 1


def test_there_is_speech_at_every_cue_and_near_silence_in_the_gaps(breathing_space: Path) -> None:
    samples, rate = sf.read(str(breathing_space.with_suffix(".opus")), dtype="float32")
    segments = json.loads(breathing_space.with_suffix(".json").read_text())["segments"]
    cues = [s for s in segments if s["kind"] == "cue"]
    assert [c["text"] for c in cues] == [c.say for c in load_script("breathing-space").cues]
    for cue in cues:
        spoken = window(samples, rate, cue["start"], cue["end"])
        frames = spoken[: len(spoken) // round(FRAME * rate) * round(FRAME * rate)].reshape(
            -1, round(FRAME * rate)
        )
        assert rms(spoken) > SPEECH_RMS, cue["text"]
        # Speech, not a click: a good share of the cue's frames carry energy.
        assert np.mean(np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1)) > SPEECH_RMS) > 0.4
    gaps = [
        (a["end"], b["start"])
        for a, b in itertools.pairwise(segments)
        if b["start"] - a["end"] > 0.5
    ]
    assert len(gaps) >= 3, "the pauses between cues are on the track"
    for start, end in gaps:
        assert rms(window(samples, rate, start, end, margin=0.1)) < SILENCE_RMS, (start, end)


def test_the_bells_ring_at_the_start_and_the_end(breathing_space: Path) -> None:
    samples, rate = sf.read(str(breathing_space.with_suffix(".mp3")), dtype="float32")
    assert rms(window(samples, rate, 0.0, 2.0)) > SPEECH_RMS
    assert rms(window(samples, rate, 50.0, 54.0)) > SPEECH_RMS
    assert rms(window(samples, rate, 59.5, 60.0)) < SILENCE_RMS * 5  # rung out by the end


def test_the_cue_times_follow_the_timeline_and_reach_the_transcript(breathing_space: Path) -> None:
    details = practice_track("breathing-space", 1).details()
    assert details["seconds"] == 60.0
    times = cue_times("breathing-space", 1)
    assert times is not None
    assert times[0][0] == pytest.approx(6.0)  # after the start bell
    assert [t for t, _ in times] == sorted(t for t, _ in times)
    assert cue_times("breathing-space", 5) is None  # not generated


def test_a_made_track_is_reused_and_its_speech_comes_from_the_cache(
    breathing_space: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert track_exists("breathing-space", 1)
    before = breathing_space.with_suffix(".opus").stat().st_mtime_ns

    def no_piper(*args: object, **kwargs: object) -> None:
        raise AssertionError("Piper ran although every cue is cached")

    monkeypatch.setattr(subprocess, "run", no_piper)
    call_command("make_audio", practice="breathing-space", minutes=1, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert generate_audio.run(practice="breathing-space", minutes=1) == {"made": []}
    assert breathing_space.with_suffix(".opus").stat().st_mtime_ns == before
    speech.synthesize([c.say for c in load_script("breathing-space").cues])  # all cached


def test_a_timer_rings_the_start_the_intervals_and_the_end(media: Path) -> None:
    track = audio.generate_timer(6, 5)
    assert track == timer_track(6, 5)
    assert track.exists()
    samples, rate = sf.read(str(track.path("opus")), dtype="float32")
    assert len(samples) / rate == pytest.approx(360.0, rel=0.02)
    assert sf.info(str(track.path("mp3"))).duration == pytest.approx(360.0, rel=0.02)
    bells = [(s["bell"], s["start"]) for s in track.details()["segments"]]
    assert bells == [("start", 0.0), ("interval", 300.0), ("end", 350.0)]
    for _, at in bells:
        assert rms(window(samples, rate, at, at + 1.5)) > SPEECH_RMS
    for start, end in [(10, 295), (310, 345)]:
        assert rms(window(samples, rate, start, end)) < SILENCE_RMS
