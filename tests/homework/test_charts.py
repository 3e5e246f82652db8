"""homework/charts.py: the axis and tick maths of the participant's charts, and the progress
page drawing them over a clock change."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from course.models import Curriculum
from homework import charts
from homework.models import CheckIn
from tests.support.factories import EnrolmentFactory, UserFactory
from tests.support.notifications import log_practice, make_cohort


def days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(count)]


def test_a_weeks_series_labels_every_other_day_from_the_first() -> None:
    ticks = charts.date_ticks(days(dt.date(2026, 12, 3), 7))
    assert [t.label for t in ticks] == ["3 Dec", "5 Dec", "7 Dec", "9 Dec"]


def test_the_whole_course_is_labelled_on_week_starts_as_many_as_fit() -> None:
    start = dt.date(2026, 9, 7)
    ticks = charts.date_ticks(days(start, 56))
    assert [t.label for t in ticks] == ["7 Sep", "21 Sep", "5 Oct", "19 Oct"]
    gaps = {round(b.position - a.position, 1) for a, b in pairwise(ticks)}
    assert len(gaps) == 1  # evenly spaced
    # Labels never overlap: each one's estimated width fits in the gap to the next.
    assert gaps.pop() > max(len(t.label) for t in ticks) * charts.CHAR_WIDTH


def test_a_week_with_a_clock_change_is_as_wide_as_any_other() -> None:
    # Europe's clocks went forward on Sunday 29 March 2026 and back on 25 October.
    for start in (dt.date(2026, 3, 23), dt.date(2026, 10, 19)):
        ticks = charts.date_ticks(days(start, 21))
        week_later = start + dt.timedelta(days=7)
        assert [t.label for t in ticks][:2] == [
            f"{start.day} {start:%b}",
            f"{week_later.day} {week_later:%b}",
        ]
        widths = [round(b.position - a.position, 1) for a, b in pairwise(ticks)]
        assert max(widths) - min(widths) <= 0.2  # rounding to a tenth, nothing more
        assert widths[0] == pytest.approx(
            7 * (charts.WIDTH - charts.LEFT - charts.RIGHT) / 21, abs=0.1
        )


def test_labels_stay_inside_the_drawing() -> None:
    for count in (1, 2, 9, 30, 56):
        for tick in charts.date_ticks(days(dt.date(2026, 11, 23), count)):
            half = len(tick.label) * charts.CHAR_WIDTH / 2
            assert tick.anchor - half >= -1
            assert tick.anchor + half <= charts.WIDTH + 1


def test_an_empty_series_has_axes_but_no_dates_or_bars() -> None:
    chart = charts.minutes_chart([])
    assert chart.bars == []
    assert chart.frame.x_ticks == []
    assert [t.label for t in chart.frame.y_ticks] == ["0", "2", "4", "6", "8", "10"]
    assert chart.target_points == ""
    scores = charts.score_chart([], {})
    assert not scores.has_scores
    assert scores.pain.points == ""


def test_the_minutes_scale_is_round_and_has_at_most_five_steps() -> None:
    assert charts.nice_scale(0) == (10, 2)
    assert charts.nice_scale(45) == (50, 10)
    assert charts.nice_scale(51) == (60, 20)
    assert charts.nice_scale(120) == (150, 50)
    for value in range(1, 500):
        top, step = charts.nice_scale(value)
        assert top >= value
        assert top % step == 0
        assert top // step <= 5


def test_the_minutes_axis_ends_on_a_round_labelled_tick() -> None:
    start = dt.date(2026, 12, 3)
    chart = charts.minutes_chart([(start, 33), (start + dt.timedelta(days=1), 0)], {start: 45})
    labels = [t.label for t in chart.frame.y_ticks]
    assert chart.max_minutes == 50
    assert labels == ["0", "10", "20", "30", "40", "50"]
    assert chart.frame.y_ticks[0].position == chart.frame.bottom
    assert chart.frame.y_ticks[-1].position == chart.frame.top
    tall, empty = chart.bars
    assert tall.height == round(charts.PLOT_HEIGHT * 33 / 50, 1)
    assert empty.height == 0
    assert tall.title == "Thu 3 Dec: 33 min"


def test_pain_and_stress_sit_on_a_zero_to_ten_scale() -> None:
    start = dt.date(2026, 12, 3)
    chart = charts.score_chart(
        days(start, 3), {start: (0, 10), start + dt.timedelta(days=2): (5, 3)}
    )
    assert [t.label for t in chart.frame.y_ticks] == ["0", "2", "4", "6", "8", "10"]
    frame = chart.frame
    pain_first, pain_last = chart.pain.markers
    assert pain_first.y == frame.bottom  # 0 sits on the axis
    assert chart.stress.markers[0].y == frame.top  # 10 at the top
    assert pain_last.y == (frame.top + frame.bottom) / 2  # 5 half way
    assert pain_last.title == "Sat 5 Dec: pain 5"
    assert len(chart.pain.points.split()) == 2  # the day without a check-in has no point
    assert chart.has_scores


@pytest.mark.django_db
def test_the_progress_chart_across_a_clock_change_has_one_bar_per_local_day(
    client: Client, curriculum: Curriculum
) -> None:
    # Class 1 on Monday 23 March 2026; London's clocks go forward on Sunday the 29th. Late on
    # 6 April in Los Angeles it is already the 7th in UTC: the chart ends on the person's day.
    cohort = make_cohort(curriculum, dt.date(2026, 3, 23), "Europe/London")
    person = UserFactory(email="lee@example.org", time_zone="America/Los_Angeles")
    enrolment = EnrolmentFactory(cohort=cohort, participant=person)
    for day in (28, 29, 30):
        log_practice(enrolment, dt.date(2026, 3, day), minutes=day)
    CheckIn.objects.create(enrolment=enrolment, day=dt.date(2026, 3, 29), pain=4, stress=6)
    client.force_login(person)
    with time_machine.travel(dt.datetime(2026, 4, 7, 5, 0, tzinfo=dt.UTC), tick=False):
        context = client.get(reverse("homework:progress")).context
    chart, scores = context["chart"], context["scores_chart"]
    assert [b.day for b in chart.bars] == days(dt.date(2026, 3, 23), 15)  # 23 Mar to 6 Apr
    assert {b.day: b.minutes for b in chart.bars if b.minutes} == {
        dt.date(2026, 3, 28): 28,
        dt.date(2026, 3, 29): 29,
        dt.date(2026, 3, 30): 30,
    }
    assert [t.label for t in chart.frame.x_ticks] == ["23 Mar", "30 Mar", "6 Apr"]
    assert [t.label for t in scores.frame.x_ticks] == ["23 Mar", "30 Mar", "6 Apr"]
    (pain,) = scores.pain.markers
    assert pain.title == "Sun 29 Mar: pain 4"
    sunday = next(b for b in chart.bars if b.day == dt.date(2026, 3, 29))
    assert pain.x == pytest.approx(sunday.x + sunday.width / 2, abs=0.1)  # same day, same place
