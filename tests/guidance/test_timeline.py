"""The timeline maths: only silences stretch, the total is exact, minimums and weights hold."""

from __future__ import annotations

import itertools

import pytest

from guidance.timeline import Silence, Sound, TooShortError, fit, minimum_length

WORDS = [
    Sound("bell:start", 6.0),
    Sound("cue:0", 7.25),
    Sound("cue:1", 12.5),
    Sound("bell:end", 10.0),
]


def track(*silences: Silence) -> list[Sound | Silence]:
    """bell, cue, silence, cue, silence, ..., bell: the shape every script produces."""
    a, b = silences
    return [WORDS[0], WORDS[1], a, WORDS[2], b, WORDS[3]]


def silences_of(placed):
    return [p.seconds for p in placed if isinstance(p.segment, Silence)]


@pytest.mark.parametrize("target", [60.0, 300.0, 2700.0, 45.75])
def test_the_total_equals_the_target(target: float) -> None:
    placed = fit(track(Silence(1, 3), Silence(2, 5)), target)
    assert placed[-1].end == pytest.approx(target, abs=1e-9)
    assert sum(p.seconds for p in placed) == pytest.approx(target, abs=1e-9)


def test_segments_follow_each_other_without_gaps_or_overlaps() -> None:
    placed = fit(track(Silence(1, 3), Silence(2, 5)), 300)
    assert placed[0].start == 0
    for before, after in itertools.pairwise(placed):
        assert after.start == pytest.approx(before.end)


@pytest.mark.parametrize("target", [43.75, 120, 900])
def test_words_and_bells_keep_their_measured_length(target: float) -> None:
    placed = fit(track(Silence(1, 3), Silence(2, 5)), target)
    sounds = [(p.segment.key, p.seconds) for p in placed if isinstance(p.segment, Sound)]
    assert sounds == [(w.key, w.seconds) for w in WORDS]


def test_weights_share_the_silence_when_no_minimum_holds() -> None:
    first, second = silences_of(fit(track(Silence(1, 3), Silence(3, 5)), 600))
    assert second / first == pytest.approx(3.0)


def test_a_minimum_holds_a_silence_up_and_the_rest_keep_their_proportions() -> None:
    segments = [
        Sound("cue:0", 10),
        Silence(1, 50),
        Sound("cue:1", 10),
        Silence(1, 1),
        Sound("cue:2", 10),
        Silence(2, 1),
    ]
    # 30 s of words leave 90 s of silence: k*1 + k*2 + max(50, k) = 90 -> k = 40/3.
    a, b, c = silences_of(fit(segments, 120))
    assert a == pytest.approx(50)
    assert c / b == pytest.approx(2.0)
    assert b == pytest.approx(40 / 3)


def test_every_minimum_is_kept_at_every_length() -> None:
    silences = [Silence(1, 3), Silence(0, 2), Silence(4, 12), Silence(2, 8)]
    segments = [item for s in silences for item in (Sound("cue", 5.0), s)]
    for target in (minimum_length(segments), 60, 61.5, 180, 3600):
        lengths = silences_of(fit(segments, target))
        assert all(got >= s.minimum - 1e-9 for got, s in zip(lengths, silences, strict=True))


def test_a_silence_with_no_weight_stays_at_its_minimum() -> None:
    lengths = silences_of(
        fit([Sound("cue", 5), Silence(0, 2), Sound("cue", 5), Silence(1, 1)], 600)
    )
    assert lengths[0] == pytest.approx(2)
    assert lengths[1] == pytest.approx(600 - 12)


def test_the_shortest_possible_length_puts_every_silence_at_its_minimum() -> None:
    segments = track(Silence(1, 3), Silence(2, 5))
    shortest = minimum_length(segments)
    assert shortest == pytest.approx(6 + 7.25 + 12.5 + 10 + 3 + 5)
    assert silences_of(fit(segments, shortest)) == pytest.approx([3, 5])


def test_a_length_too_short_for_the_words_is_refused_with_a_clear_message() -> None:
    segments = track(Silence(1, 3), Silence(2, 5))
    with pytest.raises(TooShortError, match=r"too short.*at least 0 min 44 s") as refused:
        fit(segments, 40)
    assert refused.value.needed == pytest.approx(43.75)


def test_silences_that_cannot_stretch_cannot_fill_a_longer_track() -> None:
    with pytest.raises(ValueError, match="can stretch"):
        fit([Sound("cue", 5), Silence(0, 2)], 60)


@pytest.mark.parametrize("bad", [Silence(-1, 2), Silence(1, -2)])
def test_negative_weights_or_minimums_are_refused(bad: Silence) -> None:
    with pytest.raises(ValueError, match="zero or more"):
        fit([Sound("cue", 5), bad], 60)


def test_a_length_of_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        fit([Sound("cue", 5), Silence(1, 1)], 0)
