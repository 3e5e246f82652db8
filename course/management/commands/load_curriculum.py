"""Install (or bring up to date) the standard curricula and the practice catalogue.

Idempotent: rows are matched on natural keys (slugs, week kind and number, positions), so a
second run updates nothing and creates nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from course.curriculum_data import CURRICULA, PRACTICES
from course.models import (
    Curriculum,
    CurriculumWeek,
    InformalHomework,
    Practice,
    PracticeAssignment,
    Reading,
    WeekKind,
)


class Command(BaseCommand):
    help = "Install the standard MBSR curricula and practice catalogue (safe to run again)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        practices = {}
        for position, spec in enumerate(PRACTICES):
            fields = {"category": "formal", "part_of_mbsr": True, **spec, "position": position}
            slug = fields.pop("slug")
            practices[slug], _ = Practice.objects.update_or_create(slug=slug, defaults=fields)

        for spec in CURRICULA:
            curriculum, _ = Curriculum.objects.update_or_create(
                slug=spec["slug"],
                defaults={k: spec[k] for k in ("name", "lineage", "description")},
            )
            for week_spec in spec["weeks"]:
                self._load_week(curriculum, week_spec, practices)
        self.stdout.write(
            self.style.SUCCESS(
                f"Curricula ready: {Curriculum.objects.count()} templates, "
                f"{Practice.objects.count()} practices."
            )
        )

    def _load_week(
        self, curriculum: Curriculum, spec: dict[str, Any], practices: dict[str, Practice]
    ) -> None:
        week, _ = CurriculumWeek.objects.update_or_create(
            curriculum=curriculum,
            kind=spec.get("kind", WeekKind.WEEK),
            number=spec["number"],
            defaults={"theme": spec["theme"], "description": spec["description"]},
        )
        for position, (title, summary, minutes) in enumerate(spec["readings"]):
            Reading.objects.update_or_create(
                week=week,
                position=position,
                defaults={"title": title, "summary": summary, "estimated_minutes": minutes},
            )
        for position, (slug, also, minutes, days, note) in enumerate(spec["assignments"]):
            assignment, _ = PracticeAssignment.objects.update_or_create(
                week=week,
                position=position,
                defaults={
                    "practice": practices[slug] if slug else None,
                    "target_minutes_per_day": minutes,
                    "target_days_per_week": days,
                    "note": note,
                },
            )
            assignment.also_counts.set([practices[s] for s in also])
        for position, (title, instructions, calendar, entries) in enumerate(spec["informal"]):
            InformalHomework.objects.update_or_create(
                week=week,
                position=position,
                defaults={
                    "title": title,
                    "instructions": instructions,
                    "calendar": calendar,
                    "entries_expected": entries,
                },
            )
        # Rows beyond what the data now lists were removed from the template.
        Reading.objects.filter(week=week, position__gte=len(spec["readings"])).delete()
        PracticeAssignment.objects.filter(
            week=week, position__gte=len(spec["assignments"])
        ).delete()
        InformalHomework.objects.filter(week=week, position__gte=len(spec["informal"])).delete()
