"""The arithmetic of the outcome report: pure functions over numbers, no database.

Every figure carries its denominator. Below MIN_RESPONSES answers a figure is *suppressed*: it
has no share, mean or interval at all, only TOO_FEW, so that nobody in a small group can be
recognised from a percentage.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

MIN_RESPONSES = 5
TOO_FEW = "Too few answers to summarise."


@dataclass(frozen=True)
class TrialReference:
    """A published result shown beside ours: a reference point, not a comparison group."""

    measure: str
    mbsr_percent: float
    usual_care_percent: float
    cbt_percent: float | None
    note: str


CHERKIN_2016_SOURCE = (
    "Trial reference: Cherkin et al., JAMA 2016 (342 adults with chronic low back pain, eight "
    "weekly MBSR classes); share with a meaningful improvement (30 % or more) at 26 weeks. "
    "A different group under trial conditions, not a comparison group for this cohort."
)
CHERKIN_2016_FUNCTION = TrialReference(
    measure="Back-related function (RMDQ, 30 % or more better)",
    mbsr_percent=60.5,
    usual_care_percent=44.1,
    cbt_percent=57.7,
    note=CHERKIN_2016_SOURCE,
)
CHERKIN_2016_PAIN = TrialReference(
    measure="Pain bothersomeness (30 % or more better)",
    mbsr_percent=44.0,  # "about 44 %" in the paper's summary
    usual_care_percent=27.0,  # "about 27 %"
    cbt_percent=None,
    note=CHERKIN_2016_SOURCE,
)
# The research average for practice against outcome, shown beside a cohort's own correlation.
RESEARCH_ADHERENCE_R = 0.26


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def percent(fraction: float | None) -> str:
    return "\u2013" if fraction is None else f"{fraction * 100:.0f} %"


# --- Response rates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseRate:
    answered: int
    enrolled: int
    share: float | None  # None when suppressed or nobody enrolled

    @property
    def suppressed(self) -> bool:
        return self.answered < MIN_RESPONSES

    def describe(self) -> str:
        if self.suppressed:
            return f"{TOO_FEW} ({self.enrolled} enrolled)"
        return f"{self.answered} of {self.enrolled} enrolled answered ({percent(self.share)})"


def response_rate(answered: int, enrolled: int) -> ResponseRate:
    if not 0 <= answered <= enrolled:
        raise ValueError("answered must be between 0 and the number enrolled")
    share = None if answered < MIN_RESPONSES else _share(answered, enrolled)
    return ResponseRate(answered=answered, enrolled=enrolled, share=share)


# --- Mean change with a confidence interval -----------------------------------------------------


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), by its continued fraction."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if x > (a + 1) / (a + b + 2):
        # The fraction converges fast only on this side; use the symmetry I_x(a,b)=1-I_1-x(b,a).
        return 1.0 - _incomplete_beta(b, a, 1.0 - x)
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    fraction = d
    for m in range(1, 500):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            fraction *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return math.exp(log_front) * fraction / a


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with `df` degrees of freedom."""
    tail = 0.5 * _incomplete_beta(df / 2, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The t value with P(T <= t) = p, found by bisection on t_cdf (monotone, so it converges)."""
    if not 0 < p < 1 or df <= 0:
        raise ValueError("need 0 < p < 1 and df > 0")
    if p < 0.5:
        return -t_quantile(1 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2


@dataclass(frozen=True)
class MeanChange:
    n: int
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def suppressed(self) -> bool:
        return self.n < MIN_RESPONSES

    def describe(self, decimals: int = 1) -> str:
        if self.suppressed or self.mean is None:
            return TOO_FEW
        f = f"{{:+.{decimals}f}}"
        return (
            f"Mean change {f.format(self.mean)} points (95 % CI {f.format(self.ci_low)} to "
            f"{f.format(self.ci_high)}), n = {self.n} with both answers"
        )


def mean_change(changes: Sequence[float]) -> MeanChange:
    """Mean of (follow-up minus baseline) with a two-sided 95 % t interval."""
    n = len(changes)
    if n < MIN_RESPONSES:
        return MeanChange(n=n, mean=None, sd=None, ci_low=None, ci_high=None)
    mean = statistics.fmean(changes)
    sd = statistics.stdev(changes)
    half = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
    return MeanChange(n=n, mean=mean, sd=sd, ci_low=mean - half, ci_high=mean + half)


# --- Share with a meaningful improvement --------------------------------------------------------


@dataclass(frozen=True)
class ImprovementShare:
    started: int  # everyone who started the course: the denominator for "of all who started"
    answered: int  # those with both a baseline and a follow-up score
    improved: int

    @property
    def missing(self) -> int:
        return self.started - self.answered

    @property
    def not_improved(self) -> int:
        return self.answered - self.improved

    @property
    def suppressed(self) -> bool:
        return self.answered < MIN_RESPONSES

    @property
    def of_answered(self) -> float | None:
        return None if self.suppressed else _share(self.improved, self.answered)

    @property
    def of_started(self) -> float | None:
        # Someone without a follow-up counts in the denominator and never as improved.
        return None if self.suppressed else _share(self.improved, self.started)

    def describe(self) -> list[str]:
        if self.suppressed:
            return [TOO_FEW]
        return [
            f"Of those who answered both times: {self.improved} of {self.answered} "
            f"({percent(self.of_answered)}) improved meaningfully.",
            f"Of all who started: {self.improved} of {self.started} "
            f"({percent(self.of_started)}); {self.missing} without a follow-up answer are "
            "counted as missing, not as improved.",
        ]


def improvement_share(flags: Sequence[bool | None], started: int) -> ImprovementShare:
    """`flags`: one per person with both scores (True = improved); None entries are not counted.

    `started` is how many began the course, whether or not they answered.
    """
    known = [f for f in flags if f is not None]
    if len(known) > started:
        raise ValueError("more answers than people who started")
    return ImprovementShare(started=started, answered=len(known), improved=sum(known))


# --- Adherence against improvement --------------------------------------------------------------


@dataclass(frozen=True)
class Correlation:
    n: int
    r: float | None  # None when suppressed, or when either variable does not vary

    @property
    def suppressed(self) -> bool:
        return self.n < MIN_RESPONSES

    def describe(self) -> str:
        if self.suppressed:
            return TOO_FEW
        if self.r is None:
            return f"No correlation: the values do not vary (n = {self.n})."
        return (
            f"Pearson r = {self.r:.2f} (n = {self.n}); the research average is "
            f"r ≈ {RESEARCH_ADHERENCE_R:.2f}."
        )


def correlation(adherence: Sequence[float | None], gains: Sequence[float | None]) -> Correlation:
    """Pearson r over the people who have both numbers (adherence passed in: no homework import)."""
    if len(adherence) != len(gains):
        raise ValueError("one adherence figure per improvement figure")
    pairs = [
        (x, y) for x, y in zip(adherence, gains, strict=True) if x is not None and y is not None
    ]
    n = len(pairs)
    if n < MIN_RESPONSES:
        return Correlation(n=n, r=None)
    xs, ys = zip(*pairs, strict=True)
    try:
        r = statistics.correlation(xs, ys)
    except statistics.StatisticsError:
        r = None
    return Correlation(n=n, r=r)
