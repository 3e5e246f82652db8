"""make_audio and the Celery task: clear messages instead of tracebacks, nothing made twice."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from guidance.jobs import Job, missing, practice_jobs, timer_jobs
from guidance.tasks import generate_audio
from guidance.tracks import practice_track


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.GUIDANCE_SPEECH_CACHE = tmp_path / "speech-cache"
    return tmp_path


@pytest.fixture
def no_piper(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "piper" else real(name, *a)
    )


def run(*args: str, **options: object) -> str:
    from io import StringIO

    out = StringIO()
    call_command("make_audio", *args, stdout=out, **options)
    return out.getvalue()


def test_it_says_plainly_when_piper_is_not_installed(no_piper: None) -> None:
    with pytest.raises(CommandError, match=r"piper-tts\) is not installed.*make audio"):
        run(practice="breathing-space", minutes=1)
    assert not practice_track("breathing-space", 1).path("opus").exists()


def test_the_task_reports_a_missing_piper_instead_of_crashing(no_piper: None) -> None:
    result = generate_audio.run(practice="breathing-space", minutes=1)
    assert "not installed" in result["error"]


def test_it_asks_what_to_make() -> None:
    with pytest.raises(CommandError, match="Say what to make"):
        run()


def test_an_unknown_practice_or_length_is_refused_with_a_message() -> None:
    with pytest.raises(CommandError, match="No guided script for practice 'tai-chi'"):
        run(practice="tai-chi")
    with pytest.raises(CommandError, match=r"offered at 1, 3, 5 minutes, not 7"):
        run(practice="breathing-space", minutes=7)


def test_all_means_every_offered_length_and_the_preset_timers() -> None:
    jobs = practice_jobs()
    assert Job("body-scan", 45) in jobs
    assert Job("breathing-space", 1) in jobs
    assert Job("timer", 45, 15) in timer_jobs()
    assert Job("timer", 5, 5) not in timer_jobs()  # the end bell would land on it
    assert missing(jobs) == jobs  # nothing made yet in this MEDIA_ROOT


def test_a_track_from_an_older_script_counts_as_missing(media: Path) -> None:
    track = practice_track("breathing-space", 1)
    for ext in ("opus", "mp3"):
        track.path(ext).parent.mkdir(parents=True, exist_ok=True)
        track.path(ext).write_bytes(b"")
    track.path("json").write_text('{"script": "an-old-version"}')
    assert track.exists()
    assert missing([Job("breathing-space", 1)]) == [Job("breathing-space", 1)]


def test_the_task_with_no_practice_queues_one_task_per_practice_and_one_for_timers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queued: list[dict[str, object]] = []
    monkeypatch.setattr(generate_audio, "delay", lambda **kwargs: queued.append(kwargs))
    result = generate_audio.run()
    slugs = [k["practice"] for k in queued if "practice" in k]
    assert slugs == sorted({job.slug for job in practice_jobs()})
    assert {"timers": True} in queued
    assert result == {"queued": [*slugs, "timer"]}


def test_the_task_is_registered_under_its_explicit_name() -> None:
    assert generate_audio.name == "guidance.tasks.generate_audio"


def test_every_practice_length_has_a_plain_timer_for_the_text_and_bells_version() -> None:
    plain = {job.minutes for job in timer_jobs() if job.interval == 0}
    assert {job.minutes for job in practice_jobs()} <= plain


def test_a_timer_of_an_unusual_length_can_be_made_on_demand_and_bad_ones_are_refused() -> None:
    from guidance.tasks import generate_timer

    assert generate_timer.name == "guidance.tasks.generate_timer"
    assert "1 to 180 minutes" in generate_timer.run(0, 0)["error"]
    assert "every 5, 10 or 15" in generate_timer.run(20, 7)["error"]
