"""IANA time zones: the list people choose from, how a zone reads in words, and the validator
that guards the column.

The picker offers canonical zones only: the one zone per place that the tz database lists in
zone.tab (Africa/Asmara, never its old spelling Africa/Asmera; no US/Eastern). Those come
grouped by region for `<optgroup>`s, and can be narrowed by a few typed letters on the server,
so the list is searchable without JavaScript. Any valid IANA name still *validates*, so a
browser that reports an alias, or an account made before this list, is never refused.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

# Regions in the order a reader scans them; UTC comes first, on its own.
REGIONS = [
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
]
REGION_LABELS = {"America": "Americas", "Indian": "Indian Ocean", "Atlantic": "Atlantic Ocean"}
REGION_LABELS["Pacific"] = "Pacific Ocean"
SYSTEM_ZONE_TAB = Path("/usr/share/zoneinfo/zone.tab")


@lru_cache(maxsize=1)
def available_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _zone_tab_text() -> str:
    # The tzdata wheel (a pinned dependency) ships zone.tab; the system copy is a fallback.
    try:
        return resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return SYSTEM_ZONE_TAB.read_text("utf-8")


@lru_cache(maxsize=1)
def canonical_time_zones() -> tuple[str, ...]:
    """Every zone zone.tab names (one per place, no aliases), sorted, with UTC first."""
    names = set()
    for line in _zone_tab_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        columns = line.split("\t")
        if len(columns) >= 3 and columns[2] in available_time_zones():
            names.add(columns[2])
    return ("UTC", *sorted(names))


def place_name(zone: str) -> str:
    """ "Europe/Berlin" → "Berlin"; "America/Argentina/Buenos_Aires" → "Buenos Aires, Argentina"."""
    if "/" not in zone:
        return zone
    parts = zone.split("/")[1:]
    parts.reverse()
    return ", ".join(part.replace("_", " ") for part in parts)


def zone_in_words(zone: str, now: dt.datetime | None = None) -> str:
    """ "Berlin — 19:00 now": where it is and what its clocks show, so nobody needs to know
    what "UTC+1" means."""
    try:
        local = timezone.localtime(now or timezone.now(), zoneinfo.ZoneInfo(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zone
    return f"{place_name(zone)} — {local:%H:%M} now"


def _matches(zone: str, query: str) -> bool:
    wanted = query.strip().lower().replace("_", " ")
    return (
        not wanted or wanted in zone.lower().replace("_", " ") or wanted in place_name(zone).lower()
    )


def time_zone_choices(
    query: str = "", now: dt.datetime | None = None, include: Iterable[str] = ()
) -> list[tuple[str, str] | tuple[str, list[tuple[str, str]]]]:
    """Choices for a `<select>`: UTC, then one group per region, each option in words.

    `query` narrows the list to zones whose name or place contains it (the no-JavaScript
    search); `include` adds zones that must stay selectable (the person's current one).
    """
    now = now or timezone.now()
    wanted = [z for z in canonical_time_zones() if _matches(z, query)]
    for extra in include:
        if extra and extra not in wanted and extra in available_time_zones():
            wanted.append(extra)
    groups: dict[str, list[tuple[str, str]]] = {}
    choices: list[tuple[str, str] | tuple[str, list[tuple[str, str]]]] = []
    for zone in wanted:
        region = zone.split("/", 1)[0] if "/" in zone else ""
        if region not in REGIONS:
            choices.append((zone, zone_in_words(zone, now)))
            continue
        groups.setdefault(region, []).append((zone, zone_in_words(zone, now)))
    for region in REGIONS:
        if region in groups:
            options = sorted(groups[region], key=lambda option: option[1])
            choices.append((REGION_LABELS.get(region, region), options))
    return choices


def validate_time_zone(value: str) -> None:
    if value not in available_time_zones():
        raise ValidationError(
            "%(value)s is not a known time zone. Use a name such as Europe/London or America/New_York.",
            code="invalid_time_zone",
            params={"value": value},
        )


class TimeZoneField(forms.ChoiceField):
    """The grouped, canonical picker; accepts any valid IANA name (see the module docstring)."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("choices", time_zone_choices)
        kwargs.setdefault("label", "Time zone")
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def narrow(self, query: str, keep: str = "") -> None:
        """Offer only the zones matching `query`, plus `keep` (the value currently chosen)."""
        self.choices = time_zone_choices(query, include=[keep])

    def valid_value(self, value: str) -> bool:
        return value in available_time_zones()
