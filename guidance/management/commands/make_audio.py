"""Generate guided-practice and timer tracks (needs the audio extra: `make audio`)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from guidance.jobs import (
    AudioUnavailable,
    Job,
    check_audio_libraries,
    missing,
    practice_jobs,
    timer_jobs,
)
from guidance.speech import SpeechUnavailable
from guidance.timeline import TooShortError


class Command(BaseCommand):
    help = (
        "Make the spoken guided tracks (Piper, run as a separate process) and the timer tracks "
        "under MEDIA_ROOT/guidance/. Tracks that already exist are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--practice", help="Only this practice (its slug).")
        parser.add_argument("--minutes", type=int, help="Only this length (in minutes).")
        parser.add_argument(
            "--all",
            action="store_true",
            help="Every practice at every length, and the preset timers.",
        )
        parser.add_argument("--timers", action="store_true", help="The preset timer tracks.")
        parser.add_argument(
            "--force", action="store_true", help="Make tracks again even if they exist."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["all"] or options["practice"] or options["timers"]):
            raise CommandError(
                "Say what to make: --practice SLUG [--minutes N], --timers, or --all."
            )
        try:
            jobs: list[Job] = []
            if options["all"] or options["practice"]:
                jobs += practice_jobs(options["practice"], options["minutes"])
            if options["all"] or options["timers"]:
                jobs += timer_jobs()
        except ValueError as exc:  # unknown practice or a length it does not offer
            raise CommandError(str(exc)) from None

        todo = jobs if options["force"] else missing(jobs)
        skipped = len(jobs) - len(todo)
        if skipped:
            self.stdout.write(f"{skipped} track(s) already exist, skipped.")
        if not todo:
            return
        try:
            check_audio_libraries(speech=any(not job.is_timer for job in todo))
        except AudioUnavailable as exc:
            raise CommandError(str(exc)) from None

        for job in todo:
            started = time.monotonic()
            try:
                job.run(force=options["force"])
            except (SpeechUnavailable, TooShortError) as exc:
                raise CommandError(f"{job}: {exc}") from None
            self.stdout.write(f"Made {job} in {time.monotonic() - started:.1f} s: {job.track.name}")
        self.stdout.write(self.style.SUCCESS(f"{len(todo)} track(s) made."))
