"""Quantiles of a positive wait from its mean and variance, and online quantile tracking.

The wait to service is a sum of (roughly) exponential stages, so a Gamma variable with the
same mean and variance is the natural shape (exact for M/M/s: Erlang). Its quantiles use the
Wilson-Hilferty cube-root normal approximation, accurate to a few percent for shape >= 1 and
cheap (no special functions). The model is never exactly right on real traffic, so
`QuantileTracker` learns a multiplicative correction per quantile level online: after each
realised wait w with predicted quantile q at level p, log c += step * (p - 1{w <= q}), the
stochastic-gradient step of the pinball loss. Its long-run exceedance frequency converges to
1 - p whatever the model's error (adaptive conformal inference, Gibbs & Candes 2021).
Must not import: anything outside the standard library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z = {0.1: -1.2815515655446004, 0.5: 0.0, 0.9: 1.2815515655446004}
"""Standard normal quantiles of the levels the estimators report."""

LEVELS = (0.1, 0.5, 0.9)


def gamma_quantile(mean: float, variance: float, level: float) -> float:
    """Quantile at `level` (one of LEVELS) of the Gamma law with this mean and variance."""
    if mean <= 0:
        return 0.0
    if variance <= 0:
        return mean
    shape = mean * mean / variance
    spread = 1.0 / (9.0 * shape)
    return mean * max(0.0, 1.0 - spread + Z[level] * math.sqrt(spread)) ** 3


@dataclass(slots=True)
class QuantileTracker:
    """log-multipliers of the model's P10 / P50 / P90, learned from realised waits."""

    log10: float = 0.0
    log50: float = 0.0
    log90: float = 0.0
    n: int = 0

    STEP = 0.03
    """Step of the log-multiplier update: ~ +-0.3 % coverage noise, adapts in ~1/STEP samples."""

    def factors(self) -> tuple[float, float, float]:
        return math.exp(self.log10), math.exp(self.log50), math.exp(self.log90)

    def update(self, realised: float, q10: float, q50: float, q90: float) -> None:
        """One realised wait against the quantiles that were predicted for it."""
        self.n += 1
        step = max(self.STEP, 1.0 / (self.n + 10))  # faster at first, then a fixed step
        self.log10 += step * (0.1 - (1.0 if realised <= q10 else 0.0))
        self.log50 += step * (0.5 - (1.0 if realised <= q50 else 0.0))
        self.log90 += step * (0.9 - (1.0 if realised <= q90 else 0.0))
        # keep the multipliers sane whatever happens (a day of nonsense must not lock them)
        self.log10 = min(1.5, max(-3.0, self.log10))
        self.log50 = min(1.5, max(-1.5, self.log50))
        self.log90 = min(2.0, max(-1.5, self.log90))
