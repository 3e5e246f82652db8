"""Server-rendered charts: geometry for inline SVG, readable without JavaScript.

Each chart also gets a text alternative (a table) in the template; lines differ by dash
pattern and marker shape as well as colour, so nothing depends on colour alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 640, 200, 28


@dataclass
class Bar:
    day: dt.date
    minutes: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class MinutesChart:
    bars: list[Bar]
    max_minutes: int
    target_points: str  # a stepped <polyline>: each day's target at that day's height
    width: int = WIDTH
    height: int = HEIGHT
    pad: int = PAD

    @property
    def baseline(self) -> int:
        return self.height - self.pad


def minutes_chart(
    series: list[tuple[dt.date, int]], daily_target: dict[dt.date, int] | None = None
) -> MinutesChart:
    """Bars for minutes per day; `daily_target` gives each day's suggested minutes, if any."""
    targets = daily_target or {}
    top = max([m for _, m in series] + list(targets.values()) + [10])
    plot_h = HEIGHT - 2 * PAD
    slot = (WIDTH - 2 * PAD) / max(len(series), 1)
    bars, steps = [], []
    for i, (day, minutes) in enumerate(series):
        h = plot_h * minutes / top
        left = PAD + i * slot
        bars.append(Bar(day, minutes, left + slot * 0.15, HEIGHT - PAD - h, slot * 0.7, h))
        if day in targets:
            y = HEIGHT - PAD - plot_h * targets[day] / top
            steps.append(f"{left:.1f},{y:.1f} {left + slot:.1f},{y:.1f}")
    return MinutesChart(bars, top, " ".join(steps))


@dataclass
class Line:
    name: str
    points: str  # "x,y x,y" for <polyline>
    markers: list[tuple[float, float, int]]


def score_lines(days: list[dt.date], scores: dict[dt.date, tuple[int, int]]) -> tuple[Line, Line]:
    """Pain and stress (0-10) over the same days as the minutes chart."""
    plot_h = HEIGHT - 2 * PAD
    slot = (WIDTH - 2 * PAD) / max(len(days), 1)
    lines = []
    for index, name in enumerate(("Pain", "Stress")):
        marks = [
            (
                PAD + i * slot + slot / 2,
                HEIGHT - PAD - plot_h * scores[d][index] / 10,
                scores[d][index],
            )
            for i, d in enumerate(days)
            if d in scores
        ]
        lines.append(Line(name, " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in marks), marks))
    return lines[0], lines[1]
