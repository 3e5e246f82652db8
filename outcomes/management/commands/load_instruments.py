"""Install (or bring up to date) the shipped questionnaire definitions.

Idempotent: instruments are matched on slug and items on position. Licensed instruments arrive
without wording and stay unusable; a second run never touches wording an operator has loaded.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from outcomes.loading import InstrumentFileError, load_all_definitions


class Command(BaseCommand):
    help = "Install the shipped outcome instruments (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instruments = load_all_definitions()
        except InstrumentFileError as exc:
            raise CommandError(str(exc)) from exc
        except ProtectedError as exc:
            # An item the file no longer lists has answers: keep them, change nothing.
            raise CommandError(
                "An item removed from a definition already has answers; nothing was changed. "
                "Give the changed instrument a new slug instead."
            ) from exc
        waiting = [i.slug for i in instruments if not i.usable]
        self.stdout.write(self.style.SUCCESS(f"Instruments ready: {len(instruments)}."))
        if waiting:
            self.stdout.write(
                f"Waiting for licensed wording (load_instrument FILE): {', '.join(waiting)}."
            )
