"""Scoring a response, and whether a change counts as a meaningful improvement.

Pure functions over an instrument and its items (use prefetched items to keep them query-free).
Values are keyed by item position. Rules, all read from the instrument's rows:
- a reverse-scored item counts as (min + max - value);
- up to `max_missing` scored items may be unanswered: a sum is pro-rated to the full number of
  items (sum of answered x items / answered), a mean is the mean of the answered items;
- with more missing than that, there is no score (None), never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from outcomes.models import Instrument, Item, Response


@dataclass(frozen=True)
class Score:
    total: float
    answered: int
    missing: int
    subscales: dict[str, float | None] = field(default_factory=dict)


def item_value(item: Item, value: int) -> int:
    """The value as it counts towards the score (reversed where the item says so)."""
    if item.reverse_scored and item.scale_min is not None and item.scale_max is not None:
        return item.scale_min + item.scale_max - value
    return value


def _combine(instrument: Instrument, values: Sequence[int], expected: int) -> float:
    if instrument.scoring == Instrument.Scoring.MEAN:
        return sum(values) / len(values)
    total = sum(values)
    # Pro-rate only when something is missing, so complete sums stay exact integers.
    return float(total) if len(values) == expected else total * expected / len(values)


def _part(
    instrument: Instrument, items: Sequence[Item], values: Mapping[int, int | None], allowed: int
) -> tuple[float | None, int, int]:
    scored = [item_value(i, v) for i in items if (v := values.get(i.position)) is not None]
    missing = len(items) - len(scored)
    if not scored or missing > allowed:
        return None, len(scored), missing
    return _combine(instrument, scored, len(items)), len(scored), missing


def score_values(
    instrument: Instrument, items: Iterable[Item], values: Mapping[int, int | None]
) -> Score | None:
    """Score answers given as {item position: value}. None: not scored, or too many missing."""
    if not instrument.is_scored:
        return None
    scored_items = [i for i in items if i.is_scored]
    for item in scored_items:
        value = values.get(item.position)
        if value is not None and not item.accepts(value):
            raise ValueError(f"{value!r} is outside the scale of {item}")
    total, answered, missing = _part(instrument, scored_items, values, instrument.max_missing)
    if total is None:
        return None
    groups: dict[str, tuple[int, list[Item]]] = {}
    for item in scored_items:
        if item.subscale is not None:
            slug = item.subscale.slug
            groups.setdefault(slug, (item.subscale.max_missing, []))[1].append(item)
    subscales = {
        slug: _part(instrument, members, values, allowed)[0]
        for slug, (allowed, members) in groups.items()
    }
    return Score(total=total, answered=answered, missing=missing, subscales=subscales)


def score_response(response: Response) -> Score | None:
    """Score a saved response (prefetch `answers` and `instrument__items__subscale`)."""
    by_id = {item.pk: item for item in response.instrument.items.all()}
    values = {
        by_id[a.item_id].position: a.value
        for a in response.answers.all()
        if a.item_id in by_id and a.value is not None
    }
    return score_values(response.instrument, by_id.values(), values)


def improvement(instrument: Instrument, baseline: float, follow_up: float) -> float:
    """The change in the instrument's good direction: positive means better."""
    change = follow_up - baseline
    return -change if instrument.direction == Instrument.Direction.LOWER_IS_BETTER else change


def improved_meaningfully(
    instrument: Instrument, baseline: float | None, follow_up: float | None
) -> bool | None:
    """Whether the pair meets the instrument's meaningful-change rule.

    None when either score is missing or the instrument has no rule. The percentage is of the
    baseline score; with a baseline of 0 on a lower-is-better scale no percentage can be met.
    """
    if baseline is None or follow_up is None or not instrument.has_change_rule:
        return None
    gain = improvement(instrument, baseline, follow_up)
    tests = []
    if instrument.change_percent is not None:
        # Multiplied out rather than divided, so exactly 30 % is never lost to rounding.
        base = abs(baseline)
        tests.append(base > 0 and gain * 100 >= instrument.change_percent * base)
    if instrument.change_points is not None:
        tests.append(Decimal(str(gain)) >= instrument.change_points)
    if instrument.change_rule == Instrument.ChangeRule.BOTH:
        return all(tests)
    return any(tests)


def raised_flags(response: Response) -> set[str]:
    """The flags of yes/no items answered yes (prefetch `answers__item`)."""
    return {
        a.item.flag_on_yes
        for a in response.answers.all()
        if a.value == 1 and a.item.flag_on_yes and a.item.scale == Item.Scale.YES_NO
    }
