"""Geometry for the outcome pages' inline SVG charts (no JavaScript, no colour-only meaning).

The drawing is 320 user units wide, about the width it is shown at on a 390 px phone, so text
set at 14 units stays at 12 px or more there; wider screens only scale it up. Every chart has a
table with the same numbers beside it in the template.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 320
FONT = 14  # user units; see above


# --- Adherence against improvement --------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # for the point's <title>


@dataclass(frozen=True)
class Scatter:
    points: list[Point]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    zero_y: float  # where "no change" runs across
    left: float
    right: float
    top: float
    bottom: float
    width: int = WIDTH
    height: int = 280
    font: int = FONT

    @property
    def x_label_y(self) -> float:
        return self.height - 6

    @property
    def y_label_x(self) -> float:
        return self.font + 2

    @property
    def middle_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def middle_y(self) -> float:
        return (self.top + self.bottom) / 2


def _step(span: float) -> int:
    """A round tick step giving at most about five ticks over `span`."""
    raw = max(span / 4, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return int(factor * magnitude)
    return int(10 * magnitude)


def scatter(pairs: Sequence[tuple[float, float]], height: int = 280) -> Scatter:
    """Adherence (a fraction, x) against points better (y), one point per person."""
    left, right, top, bottom = 56.0, WIDTH - 14.0, 12.0, height - 52.0
    x_max = max([1.0, *(x for x, _ in pairs)])
    x_max = math.ceil(x_max * 4) / 4  # a quarter past 100 % if someone did more than assigned
    gains = [y for _, y in pairs]
    step = _step(max([*gains, 0]) - min([*gains, 0]) or 1)
    y_low = step * math.floor(min([*gains, 0]) / step)
    y_high = step * math.ceil(max([*gains, 0]) / step)
    if y_high == y_low:
        y_high = y_low + step

    def sx(x: float) -> float:
        return left + (right - left) * x / x_max

    def sy(y: float) -> float:
        return bottom - (bottom - top) * (y - y_low) / (y_high - y_low)

    x_ticks = [
        Tick(sx(f), f"{round(f * 100)}") for f in (i / 4 for i in range(0, int(x_max * 4) + 1, 2))
    ]
    y_ticks = [Tick(sy(v), f"{v:+d}" if v else "0") for v in range(y_low, y_high + 1, step)]
    points = [
        Point(sx(x), sy(y), f"{round(x * 100)} % of assigned minutes, {y:+.1f} points")
        for x, y in pairs
    ]
    return Scatter(points, x_ticks, y_ticks, sy(0), left, right, top, bottom, height=height)


# --- A person's before and after ----------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str  # "Before" / "Now": written beside the bar, so colour is not needed to tell them
    value: float
    shown: str
    y: float
    width: float
    text_x: float


@dataclass(frozen=True)
class Row:
    title: str
    title_y: float
    bars: list[Bar]
    low_label: str
    high_label: str
    tick_y: float


@dataclass(frozen=True)
class BeforeAfter:
    rows: list[Row]
    height: int
    bar_left: float
    bar_right: float
    bar_height: float = 16
    width: int = WIDTH
    font: int = FONT


def _shown(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def before_after(
    rows: Sequence[tuple[str, float, float, Sequence[tuple[str, float]]]],
) -> BeforeAfter:
    """One row per instrument: (title, scale low, scale high, [(label, value), ...])."""
    bar_left, bar_right, bar_height = 70.0, WIDTH - 40.0, 16.0
    out, y = [], 0.0
    for title, low, high, values in rows:
        span = (high - low) or 1
        title_y = y + FONT + 4
        bars = []
        for index, (label, value) in enumerate(values):
            top = title_y + 8 + index * (bar_height + 6)
            width = max(2.0, (bar_right - bar_left) * (value - low) / span)
            bars.append(Bar(label, value, _shown(value), top, width, bar_left + width + 4))
        tick_y = title_y + 8 + len(values) * (bar_height + 6) + FONT
        out.append(Row(title, title_y, bars, _shown(low), _shown(high), tick_y))
        y = tick_y + 12
    return BeforeAfter(out, math.ceil(y), bar_left, bar_right, bar_height)
