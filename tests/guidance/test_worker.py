"""The quick start queues generation in the background: a real worker makes a real track."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import soundfile as sf

from guidance.tasks import generate_audio, generate_timer
from tests.support.celery_worker import celery_worker


@pytest.mark.worker
@pytest.mark.audio
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_a_guided_track_and_a_timer(tmp_path: Path) -> None:
    with celery_worker(extra_env={"MEDIA_ROOT": str(tmp_path)}):
        generate_audio.delay(practice="breathing-space", minutes=1)
        generate_timer.delay(2, 0)
        made = [
            tmp_path / "guidance/breathing-space/1.json",
            tmp_path / "guidance/timer/2-every-0.json",
        ]
        deadline = time.monotonic() + 120
        while not all(p.exists() for p in made) and time.monotonic() < deadline:
            time.sleep(0.5)
    assert all(p.exists() for p in made), "the worker did not finish both tracks in time"
    assert sf.info(str(tmp_path / "guidance/breathing-space/1.opus")).duration == pytest.approx(
        60, rel=0.02
    )
    assert sf.info(str(tmp_path / "guidance/timer/2-every-0.mp3")).duration == pytest.approx(
        120, rel=0.02
    )
