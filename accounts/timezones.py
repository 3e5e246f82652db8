"""IANA time zones: the list users choose from and the validator that guards the column."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from django.core.exceptions import ValidationError


@lru_cache(maxsize=1)
def available_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices() -> list[tuple[str, str]]:
    # Legacy aliases such as "US/Eastern" stay valid but are not offered in pickers.
    names = sorted(
        name
        for name in available_time_zones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


def validate_time_zone(value: str) -> None:
    if value not in available_time_zones():
        raise ValidationError(
            "%(value)s is not a known time zone. Use a name such as Europe/London or America/New_York.",
            code="invalid_time_zone",
            params={"value": value},
        )
