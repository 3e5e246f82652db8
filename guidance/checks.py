"""A system check: every practice in the catalogue has a guided script that parses.

A missing script is a warning (the practice page falls back to its description; the test suite
fails on it); a malformed one is an error, since pages would fail on it.
"""

from __future__ import annotations

from typing import Any

from django.core import checks

from guidance.script import ScriptError, available_slugs, load_script, missing_scripts


@checks.register()
def scripts_cover_the_catalogue(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    from course.curriculum_data import PRACTICES

    errors: list[checks.CheckMessage] = [
        checks.Warning(
            f"Practice {slug!r} has no guided script.",
            hint=f"Add guidance/scripts/{slug}.toml.",
            id="guidance.W001",
        )
        for slug in missing_scripts([p["slug"] for p in PRACTICES])
    ]
    for slug in available_slugs():
        try:
            load_script(slug)
        except ScriptError as exc:
            errors.append(checks.Error(str(exc), id="guidance.E002"))
    return errors
