"""Load the item wording of a licensed instrument from a file the operator holds.

The file is JSON: {"instrument": "<slug>", "items": [{"position": 1, "wording": "...",
"scale": "likert", "labels": [...]}, ...]}. Every item must be there, each once, with wording
that fits the shipped definition's scale; otherwise nothing is stored. See docs in
outcomes/loading.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outcomes.loading import InstrumentFileError, load_wording, read_json
from outcomes.models import TimePoint


class Command(BaseCommand):
    help = "Load licensed item wording for an instrument; it becomes usable if the file fits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--at",
            action="append",
            choices=TimePoint.values,
            help="A time point to ask it at (repeat); default: the file's or the shipped list.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instrument = load_wording(read_json(options["file"]), options["at"])
        except InstrumentFileError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{instrument.title}: {instrument.items.count()} items loaded; asked at "
                f"{', '.join(instrument.time_points) or 'no time point yet'}."
            )
        )
