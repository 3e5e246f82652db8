"""Scoring rules read from the instrument rows: reversal, missing items, subscales, change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from outcomes.models import Instrument
from outcomes.scoring import improved_meaningfully, score_values

pytestmark = pytest.mark.django_db


def get(slug: str) -> Instrument:
    return Instrument.objects.prefetch_related("items__subscale").get(slug=slug)


def by_position(values: list[int | None]) -> dict[int, int | None]:
    return dict(enumerate(values, start=1))


def score(slug: str, values: list[int | None]):  # type: ignore[no-untyped-def]
    instrument = get(slug)
    return score_values(instrument, instrument.items.all(), by_position(values))


def test_pss_10_reverses_items_4_5_7_and_8(instruments: None) -> None:
    # Reversed: item 4 (1 -> 3), 5 (2 -> 2), 7 (1 -> 3), 8 (2 -> 2); total 2+3+1+3+2+3+3+2+2+3.
    result = score("pss-10", [2, 3, 1, 1, 2, 3, 1, 2, 2, 3])
    assert result is not None
    assert result.total == 24
    assert result.missing == 0


def test_the_extremes_of_pss_10_are_0_and_40(instruments: None) -> None:
    low = [0, 0, 0, 4, 4, 0, 4, 4, 0, 0]
    assert score("pss-10", low).total == 0
    assert score("pss-10", [4 - v for v in low]).total == 40


def test_one_missing_pss_item_is_pro_rated(instruments: None) -> None:
    # Nine answered items add up to 16 after reversal: 16 x 10 / 9.
    result = score("pss-10", [2, 2, None, 2, 3, 2, 2, 3, 2, 2])
    assert result is not None
    assert result.total == pytest.approx(160 / 9)
    assert (result.answered, result.missing) == (9, 1)


def test_two_missing_pss_items_give_no_score(instruments: None) -> None:
    assert score("pss-10", [2, 2, None, 2, 3, None, 2, 3, 2, 2]) is None


def test_a_mean_instrument_averages_what_was_answered(instruments: None) -> None:
    pss = get("pss-10")
    pss.scoring = Instrument.Scoring.MEAN
    result = score_values(pss, pss.items.all(), by_position([2, 2, None, 2, 3, 2, 2, 3, 2, 2]))
    assert result is not None
    assert result.total == pytest.approx(16 / 9)


def test_ffmq_15_scores_each_facet(instruments: None) -> None:
    # Every answer 4: reversed items (3 4 7 8 9 12 13 14) count 2.
    result = score("ffmq-15", [4] * 15)
    assert result is not None
    assert result.subscales == {
        "observing": 12,
        "describing": 4 + 2 + 2,
        "acting-with-awareness": 6,
        "non-judging": 6,
        "non-reactivity": 12,
    }
    assert result.total == 12 + 8 + 6 + 6 + 12


def test_rmdq_counts_the_yes_answers(instruments: None) -> None:
    result = score("rmdq", [1] * 7 + [0] * 17)
    assert result is not None
    assert result.total == 7


def test_an_answer_outside_the_scale_is_an_error_not_a_score(instruments: None) -> None:
    with pytest.raises(ValueError, match="outside the scale"):
        score("pain-bothersomeness", [11])


def test_free_text_is_not_scored(instruments: None) -> None:
    goals = get("course-goals")
    assert score_values(goals, goals.items.all(), {}) is None


@pytest.mark.parametrize(
    ("baseline", "follow_up", "expected"),
    [
        (10, 7, True),  # exactly 30 %
        (10, 8, True),  # 20 %, but 2 points
        (6, 5, False),  # 17 % and 1 point
        (2, 1, True),  # 50 %, though only 1 point
        (0, 0, False),  # nothing to improve on
        (4, 6, False),  # worse
        (None, 3, None),  # no baseline
        (5, None, None),  # no follow-up
    ],
)
def test_pain_improves_meaningfully_by_30_percent_or_2_points(
    instruments: None, baseline: float | None, follow_up: float | None, expected: bool | None
) -> None:
    assert improved_meaningfully(get("pain-bothersomeness"), baseline, follow_up) is expected


def test_the_both_rule_needs_percent_and_points(instruments: None) -> None:
    rmdq = get("rmdq")
    rmdq.change_rule = Instrument.ChangeRule.BOTH
    assert improved_meaningfully(rmdq, 20, 14) is True  # 30 % and 6 points
    assert improved_meaningfully(rmdq, 10, 7) is False  # 30 % but 3 points
    rmdq.change_rule = Instrument.ChangeRule.EITHER
    assert improved_meaningfully(rmdq, 10, 7) is True


def test_higher_is_better_instruments_improve_upwards(instruments: None) -> None:
    ffmq = get("ffmq-15")
    ffmq.change_points = Decimal(5)
    assert improved_meaningfully(ffmq, 40, 46) is True
    assert improved_meaningfully(ffmq, 46, 40) is False


def test_without_a_rule_there_is_no_verdict(instruments: None) -> None:
    assert improved_meaningfully(get("pss-10"), 30, 10) is None
