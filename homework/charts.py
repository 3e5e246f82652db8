"""Server-rendered charts: geometry for inline SVG, readable without JavaScript.

Everything the template draws is worked out here, coordinates already rounded and labels
already written, so the template only places it (no arithmetic in filters, see issue 11).

Each chart is drawn 340 user units wide, about the width it is shown at on a 390 px phone, so
text set at 14 units stays at 12 px or more there; wider screens only scale it up (the CSS caps
its width). The x axis is the participant's days: `dt.date`s that the caller has already taken
in the participant's own time zone, placed by day number, so a week with a clock change is as
wide as any other. Date labels fall on week starts (or on days, for a short series), as many as
fit. The template adds a key (swatch and label; lines told apart by dash and marker shape, not
colour alone) and a table with every number.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import date_format

WIDTH = 340
FONT = 14  # user units; see above
LEFT, RIGHT = 40.0, 10.0  # room for the y labels; a little air on the right
TOP = 26.0  # room for the unit above the y axis
PLOT_HEIGHT = 130.0
LABEL_ROOM = 26.0  # under the x axis, for the dates
CHAR_WIDTH = FONT * 0.6  # a generous guess at one character's width, to keep labels apart
LABEL_GAP = 12.0
DAY_STEPS = (1, 2)  # a short series is labelled by the day...
WEEK = 7  # ...a longer one on week starts, every week or every few weeks

SCORE_TICKS = (0, 2, 4, 6, 8, 10)


@dataclass(frozen=True)
class Tick:
    position: float  # x (date ticks) or y (value ticks), in user units
    label: str
    anchor: float  # where the label's middle (x) or baseline (y) goes, kept inside the drawing


@dataclass(frozen=True)
class Frame:
    """The plot area, its axes and their ticks: shared by both charts."""

    x_ticks: list[Tick]
    y_ticks: list[Tick]
    unit: str  # written above the y axis
    width: int = WIDTH
    font: int = FONT
    left: float = LEFT
    right: float = WIDTH - RIGHT
    top: float = TOP
    bottom: float = TOP + PLOT_HEIGHT
    height: int = math.ceil(TOP + PLOT_HEIGHT + LABEL_ROOM)

    @property
    def x_label_y(self) -> float:
        return self.bottom + FONT + 4

    @property
    def y_label_x(self) -> float:
        return self.left - 5

    @property
    def tick_end(self) -> float:
        return self.bottom + 4

    @property
    def unit_y(self) -> float:
        return FONT


def _slot(days: int) -> float:
    return (WIDTH - RIGHT - LEFT) / max(days, 1)


def date_ticks(days: list[dt.date]) -> list[Tick]:
    """Labels for the x axis: the first day, then every day, every other day or every N weeks,
    as many as fit side by side; each at the middle of its day's slot.

    `days` are consecutive dates (the caller's series); positions come from the day's number
    in the series, never from a time of day, so a clock change moves nothing.
    """
    if not days:
        return []
    first, count = days[0], (days[-1] - days[0]).days + 1
    slot, plot_width = _slot(count), WIDTH - RIGHT - LEFT
    widest = max(len(_date_label(d)) for d in days) * CHAR_WIDTH
    fits = max(int((plot_width + LABEL_GAP) // (widest + LABEL_GAP)), 1)
    candidates = [*DAY_STEPS] if count <= 2 * WEEK else []
    candidates += [WEEK * n for n in range(1, count // WEEK + 2)]
    step = next((s for s in candidates if math.ceil(count / s) <= fits), count)
    ticks = []
    half = widest / 2
    for offset in range(0, count, step):
        day = first + dt.timedelta(days=offset)
        x = LEFT + slot * offset + slot / 2
        anchor = min(max(x, half), WIDTH - half)
        ticks.append(Tick(round(x, 1), _date_label(day), round(anchor, 1)))
    return ticks


def _date_label(day: dt.date) -> str:
    return date_format(day, "j M")


def nice_scale(value: float) -> tuple[int, int]:
    """The top of a value axis and its tick step: the step a round number (1, 2 or 5 times a
    power of ten) giving at most five steps, the top the first multiple of it at or above
    `value`, and at least 10, so the axis ends on a labelled tick."""
    value = max(value, 10)
    raw = value / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(f * magnitude for f in (1, 2, 5, 10) if raw <= f * magnitude)
    return int(step * math.ceil(value / step)), int(step)


def value_ticks(top: int, values: Sequence[int]) -> list[Tick]:
    """Ticks up the y axis at `values`, on a scale from 0 to `top`."""
    ticks = []
    for value in values:
        y = round(TOP + PLOT_HEIGHT - PLOT_HEIGHT * value / top, 1)
        ticks.append(Tick(y, str(value), round(y + FONT * 0.35, 1)))
    return ticks


# --- Minutes each day ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    day: dt.date
    minutes: int
    x: float
    y: float
    width: float
    height: float
    title: str  # the bar's <title>: "Thu 3 Dec: 20 min"


@dataclass(frozen=True)
class MinutesChart:
    frame: Frame
    bars: list[Bar]
    max_minutes: int
    target_points: str  # a stepped <polyline>: each day's target at that day's height
    first_day: str = ""
    last_day: str = ""


def minutes_chart(
    series: list[tuple[dt.date, int]], daily_target: dict[dt.date, int] | None = None
) -> MinutesChart:
    """Bars for minutes per day; `daily_target` gives each day's suggested minutes, if any."""
    targets = daily_target or {}
    days = [d for d, _ in series]
    shown_targets = [targets[d] for d in days if d in targets]
    top, step = nice_scale(max([m for _, m in series] + shown_targets + [0]))
    slot = _slot(len(series))
    bottom = TOP + PLOT_HEIGHT
    bars, steps = [], []
    for i, (day, minutes) in enumerate(series):
        h = PLOT_HEIGHT * minutes / top
        left = LEFT + i * slot
        title = f"{date_format(day, 'D j M')}: {minutes} min"
        bars.append(
            Bar(
                day,
                minutes,
                round(left + slot * 0.15, 1),
                round(bottom - h, 1),
                round(slot * 0.7, 1),
                round(h, 1),
                title,
            )
        )
        if day in targets:
            y = bottom - PLOT_HEIGHT * targets[day] / top
            steps.append(f"{left:.1f},{y:.1f} {left + slot:.1f},{y:.1f}")
    frame = Frame(date_ticks(days), value_ticks(top, range(0, top + 1, step)), "minutes")
    return MinutesChart(
        frame,
        bars,
        top,
        " ".join(steps),
        date_format(days[0], "j F") if days else "",
        date_format(days[-1], "j F") if days else "",
    )


# --- Pain and stress, 0 to 10 -------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    value: int
    title: str  # "Thu 3 Dec: pain 4"
    corner_x: float = 0.0  # for a square marker's <rect>
    corner_y: float = 0.0


@dataclass(frozen=True)
class Line:
    name: str
    points: str  # "x,y x,y" for <polyline>
    markers: list[Marker] = field(default_factory=list)


@dataclass(frozen=True)
class ScoreChart:
    frame: Frame
    pain: Line
    stress: Line

    @property
    def has_scores(self) -> bool:
        return bool(self.pain.markers or self.stress.markers)


MARKER = 7.0  # a square marker's side; the round one has about the same area


def score_chart(days: list[dt.date], scores: dict[dt.date, tuple[int, int]]) -> ScoreChart:
    """Pain and stress (0-10) over the same days as the minutes chart, on a 0-10 axis."""
    slot = _slot(len(days))
    lines = []
    for index, name in enumerate(("Pain", "Stress")):
        marks = []
        for i, day in enumerate(days):
            if day not in scores:
                continue
            value = scores[day][index]
            x = round(LEFT + i * slot + slot / 2, 1)
            y = round(TOP + PLOT_HEIGHT - PLOT_HEIGHT * value / 10, 1)
            title = f"{date_format(day, 'D j M')}: {name.lower()} {value}"
            marks.append(
                Marker(x, y, value, title, round(x - MARKER / 2, 1), round(y - MARKER / 2, 1))
            )
        lines.append(Line(name, " ".join(f"{m.x},{m.y}" for m in marks), marks))
    frame = Frame(date_ticks(days), value_ticks(10, SCORE_TICKS), "0 to 10")
    return ScoreChart(frame, lines[0], lines[1])
