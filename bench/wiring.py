"""What the bench settings add on top of the real ones, with no side effects on import.

Kept apart from bench/settings.py (which rewrites DATABASE_URL and friends when imported) so a
test can apply exactly these overrides to the test settings and check the bench-only views.
"""

from __future__ import annotations

from pathlib import Path

BENCH_URLCONF = "bench.urls"
BENCH_TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


def with_bench_templates(templates: list[dict]) -> list[dict]:
    """The TEMPLATES setting with the bench's folder searched after the project's own."""
    engines = [dict(engine) for engine in templates]
    engines[0]["DIRS"] = [*engines[0].get("DIRS", []), BENCH_TEMPLATE_DIR]
    return engines
