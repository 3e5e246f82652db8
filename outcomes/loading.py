"""Turning instrument files (JSON) into rows, for `load_instruments` and `load_instrument`.

Two kinds of file:
- a *definition* (outcomes/instruments/*.json, shipped): scoring rules, items and scales, and the
  wording when it is ours to ship;
- a *wording file* (held by an operator with a licence, never shipped): the item texts of a
  licensed instrument, checked item by item against the definition before anything is stored.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from outcomes.models import Instrument, Item, Subscale, TimePoint

DEFINITIONS = Path(__file__).resolve().parent / "instruments"


class InstrumentFileError(ValueError):
    """The file does not fit: the message says what to fix."""


def read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentFileError(f"Cannot read {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise InstrumentFileError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InstrumentFileError(f"{path} must hold one JSON object.")
    return data


def definition_files() -> list[Path]:
    return sorted(DEFINITIONS.glob("*.json"))


def _time_points(names: object) -> list[str]:
    if not isinstance(names, list) or not set(names) <= set(TimePoint.values):
        raise InstrumentFileError(f"Time points must be a list of: {', '.join(TimePoint.values)}.")
    return list(dict.fromkeys(names))


def _item_fields(spec: dict[str, Any]) -> dict[str, Any]:
    scale = spec.get("scale", Item.Scale.NUMERIC)
    if scale not in Item.Scale.values:
        raise InstrumentFileError(f"Item {spec.get('position')}: unknown scale {scale!r}.")
    low, high = spec.get("min"), spec.get("max")
    if scale == Item.Scale.YES_NO:
        low, high = 0, 1
    elif scale == Item.Scale.TEXT:
        low = high = None
    elif not (isinstance(low, int) and isinstance(high, int) and low < high):
        raise InstrumentFileError(f"Item {spec.get('position')}: a {scale} scale needs min < max.")
    return {
        "wording": spec.get("wording", ""),
        "help_text": spec.get("help_text", ""),
        "scale": scale,
        "scale_min": low,
        "scale_max": high,
        "low_label": spec.get("low_label", ""),
        "high_label": spec.get("high_label", ""),
        "labels": spec.get("labels", []),
        "reverse_scored": bool(spec.get("reverse", False)),
        "required": bool(spec.get("required", True)),
        "flag_on_yes": spec.get("flag_on_yes", ""),
    }


@transaction.atomic
def load_definition(data: dict[str, Any]) -> Instrument:
    """Create or update one instrument from its shipped definition (idempotent).

    Wording, labels and the time points of a licensed instrument belong to the operator who loaded
    them, so a second run leaves them as they are; everything else follows the file.
    """
    slug = data["slug"]
    improvement = data.get("improvement") or {}
    score_range = data.get("range") or [None, None]
    fields = {
        "title": data["title"],
        "version": data.get("version", "1"),
        "position": data.get("position", 0),
        "introduction": data.get("introduction", ""),
        "licence_note": data.get("licence_note", ""),
        "licensed": bool(data.get("licensed", False)),
        "scoring": data.get("scoring", Instrument.Scoring.SUM),
        "score_min": score_range[0],
        "score_max": score_range[1],
        "max_missing": data.get("max_missing", 0),
        "direction": data.get("direction", Instrument.Direction.LOWER_IS_BETTER),
        "change_percent": improvement.get("percent"),
        "change_points": (
            Decimal(str(improvement["points"])) if improvement.get("points") is not None else None
        ),
        "change_rule": improvement.get("rule", Instrument.ChangeRule.EITHER),
    }
    asked_at = _time_points(data.get("asked_at", []))
    existing = Instrument.objects.filter(slug=slug).first()
    if not fields["licensed"]:
        fields.update(usable=True, time_points=asked_at)
    elif existing is None:
        fields.update(usable=False, time_points=[])
    instrument, _ = Instrument.objects.update_or_create(slug=slug, defaults=fields)

    subscales = {}
    for position, spec in enumerate(data.get("subscales", [])):
        subscales[spec["slug"]], _ = Subscale.objects.update_or_create(
            instrument=instrument,
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "position": position,
                "max_missing": spec.get("max_missing", 0),
            },
        )
        for number in spec["items"]:
            subscales[number] = subscales[spec["slug"]]
    Subscale.objects.filter(instrument=instrument).exclude(
        slug__in=[s["slug"] for s in data.get("subscales", [])]
    ).delete()

    defaults = data.get("item_defaults", {})
    positions = []
    for raw in data["items"]:
        spec = {**defaults, **raw}
        fields = _item_fields(spec)
        fields["subscale"] = subscales.get(spec["position"])
        if instrument.licensed:
            for kept in ("wording", "help_text", "low_label", "high_label", "labels"):
                fields.pop(kept)
        Item.objects.update_or_create(
            instrument=instrument, position=spec["position"], defaults=fields
        )
        positions.append(spec["position"])
    Item.objects.filter(instrument=instrument).exclude(position__in=positions).delete()
    return instrument


@transaction.atomic
def load_all_definitions() -> list[Instrument]:
    return [load_definition(read_json(path)) for path in definition_files()]


@transaction.atomic
def load_wording(data: dict[str, Any], time_points: list[str] | None = None) -> Instrument:
    """Store the licensed wording of an instrument, after checking every item against its scale.

    All or nothing: any mismatch raises InstrumentFileError and nothing is stored. On success the
    instrument becomes usable and is asked at `time_points` (else the file's `asked_at`, else the
    shipped definition's).
    """
    slug = data.get("instrument")
    instrument = Instrument.objects.select_for_update().filter(slug=slug).first()
    if instrument is None:
        known = ", ".join(Instrument.objects.filter(licensed=True).values_list("slug", flat=True))
        raise InstrumentFileError(
            f"No instrument {slug!r}: run load_instruments first. Licensed ones: {known}."
        )
    items = {item.position: item for item in instrument.items.all()}
    given = data.get("items")
    if not isinstance(given, list):
        raise InstrumentFileError('The file needs an "items" list.')
    if len(given) != len(items):
        raise InstrumentFileError(
            f"{instrument.slug} has {len(items)} items; the file has {len(given)}."
        )
    seen: set[int] = set()
    changes: list[tuple[Item, dict[str, Any]]] = []
    shared = data.get("item_defaults") or {}
    for raw in given:
        spec = {**shared, **raw} if isinstance(raw, dict) else raw
        position = spec.get("position") if isinstance(spec, dict) else None
        if position not in items or position in seen:
            raise InstrumentFileError(
                f"Item positions must be 1 to {len(items)}, each once; got {position!r}."
            )
        seen.add(position)
        changes.append((items[position], _checked_wording(items[position], spec)))
    for item, fields in changes:
        for name, value in fields.items():
            setattr(item, name, value)
        item.save()
    if "version" in data:
        instrument.version = str(data["version"])
    instrument.usable = True
    if time_points is None:
        time_points = data.get("asked_at")
    if time_points is None:
        shipped = DEFINITIONS / f"{instrument.slug}.json"
        time_points = read_json(shipped).get("asked_at", []) if shipped.exists() else []
    instrument.time_points = _time_points(time_points)
    instrument.save(update_fields=["usable", "time_points", "version"])
    return instrument


def _checked_wording(item: Item, spec: dict[str, Any]) -> dict[str, Any]:
    where = f"Item {item.position}"
    wording = spec.get("wording")
    if not isinstance(wording, str) or not wording.strip():
        raise InstrumentFileError(f"{where}: the wording is missing.")
    scale = spec.get("scale")
    if scale is not None and scale != item.scale:
        raise InstrumentFileError(
            f"{where}: the file says {scale!r}, the definition {item.scale!r}."
        )
    for key, ours in (("min", item.scale_min), ("max", item.scale_max)):
        if key in spec and spec[key] != ours:
            raise InstrumentFileError(f"{where}: {key} {spec[key]!r} does not match {ours!r}.")
    fields: dict[str, Any] = {"wording": wording.strip()}
    labels = spec.get("labels")
    if labels is not None:
        if item.scale != Item.Scale.LIKERT:
            raise InstrumentFileError(f"{where}: only labelled-point scales take labels.")
        if len(labels) != item.points or not all(isinstance(x, str) and x for x in labels):
            raise InstrumentFileError(f"{where}: give {item.points} labels, lowest first.")
        fields["labels"] = labels
    elif item.scale == Item.Scale.LIKERT and len(item.labels) != item.points:
        raise InstrumentFileError(f"{where}: give {item.points} labels, lowest first.")
    for key in ("low_label", "high_label", "help_text"):
        if key in spec:
            fields[key] = str(spec[key])
    if "reverse" in spec:
        if not isinstance(spec["reverse"], bool) or not item.is_scored:
            raise InstrumentFileError(f'{where}: "reverse" is true or false on scored items.')
        # The licensed copy's scoring key is the authority on which items are reversed.
        fields["reverse_scored"] = spec["reverse"]
    return fields
