"""Online recalibration of the state-aware predictor, per bucket (queue, channel, priority).

Mean: an exponentially weighted ridge regression of the realised wait (s) of served contacts
on the features known at their queue entry, phi = (1, stage-model mean, head-of-line wait,
last-to-enter-service wait), with forgetting factor `FORGET` (effective memory ~500 served
contacts) and a ridge prior pulling the coefficients to (0, 1, 0, 0): with no data, or when
the model is right (M/M/s, Erlang A), the prediction is the stage model's; where the model
misses something it cannot see (staffing unknown to it, overtaking by better priorities,
agents idle but not taking calls) the regression learns the correction from outcomes only.
The coefficients are re-solved (4x4) on each outcome, never on a prediction.

Quantiles: a `QuantileTracker` per bucket corrects the model's Gamma P10/P50/P90.
The regression is used only while it has out-predicted the bare model on the bucket's recent
outcomes, each scored before it was learned from (prequential): where the model is right, its
estimation noise would only add error.
A bucket with fewer than `MIN_OWN` outcomes borrows the (queue, channel) bucket's figures.
Must not import: anything outside the standard library and `domain.prediction`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from switchboard.domain.prediction.quantiles import QuantileTracker

FORGET = 0.998
RIDGE_SAMPLES = 20.0
"""Prior weight, in pseudo-samples, of the coefficients (0, 1, 0, 0)."""
MIN_OWN = 50
MARGIN = 0.8
"""The regression must beat the bare model by 20 % in squared error to be used."""
SCORE_FORGET = 0.999
"""Memory of the prequential comparison of the bare model and the regression (~1000 outcomes)."""
PRIOR = (0.0, 1.0, 0.0, 0.0)
DIM = 4

Features = tuple[float, float, float, float]


@dataclass(slots=True)
class Bucket:
    a: list[list[float]] = field(default_factory=lambda: [[0.0] * DIM for _ in range(DIM)])
    b: list[float] = field(default_factory=lambda: [0.0] * DIM)
    scale: float = 0.0  # running mean of the squared model mean: the ridge's unit
    beta: Features = PRIOR
    n: int = 0
    tracker: QuantileTracker = field(default_factory=QuantileTracker)
    mse_model: float = 0.0  # prequential squared errors: raw stage model ...
    mse_fitted: float = 0.0  # ... and the regression, each scored before it learns

    @property
    def fitted_wins(self) -> bool:
        """Whether the regression has predicted better than the bare model lately."""
        return self.n >= MIN_OWN and self.mse_fitted < MARGIN * self.mse_model

    def mean(self, phi: Features) -> float:
        if not self.fitted_wins:
            return phi[1]
        beta = self.beta
        fitted = beta[0] + beta[1] * phi[1] + beta[2] * phi[2] + beta[3] * phi[3]
        return max(fitted, 0.2 * phi[1])  # a regression must not predict "no wait"

    def add(self, phi: Features, realised_s: float) -> None:
        beta = self.beta
        fitted = max(0.2 * phi[1], beta[0] + beta[1] * phi[1] + beta[2] * phi[2] + beta[3] * phi[3])
        keep = SCORE_FORGET
        # relative squared errors: one long busy period must not decide for the whole bucket
        unit = (1.0 + phi[1] + realised_s) ** 2
        self.mse_model = keep * self.mse_model + (phi[1] - realised_s) ** 2 / unit
        self.mse_fitted = keep * self.mse_fitted + (fitted - realised_s) ** 2 / unit
        self.n += 1
        for i in range(DIM):
            row = self.a[i]
            for j in range(DIM):
                row[j] = FORGET * row[j] + phi[i] * phi[j]
            self.b[i] = FORGET * self.b[i] + phi[i] * realised_s
        w = max(1.0 - FORGET, 1.0 / self.n)
        self.scale += w * (phi[1] * phi[1] - self.scale)
        self.beta = self._solve()

    def _solve(self) -> Features:
        unit = max(1.0, self.scale)
        ridge = (RIDGE_SAMPLES, RIDGE_SAMPLES * unit, RIDGE_SAMPLES * unit, RIDGE_SAMPLES * unit)
        m = [
            [self.a[i][j] + (ridge[i] if i == j else 0.0) for j in range(DIM)]
            + [self.b[i] + ridge[i] * PRIOR[i]]
            for i in range(DIM)
        ]
        solved = _gauss(m)
        if solved is None:
            return self.beta
        return (solved[0], solved[1], solved[2], solved[3])


def _gauss(m: list[list[float]]) -> list[float] | None:
    """Solve the augmented system in place (partial pivoting); None if singular."""
    n = len(m)
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        if abs(m[pivot][col]) < 1e-12:
            return None
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            if f:
                for c in range(col, n + 1):
                    m[r][c] -= f * m[col][c]
    out = [0.0] * n
    for r in range(n - 1, -1, -1):
        out[r] = (m[r][n] - sum(m[r][c] * out[c] for c in range(r + 1, n))) / m[r][r]
    return out


class Calibration:
    """Per-bucket regressions and quantile trackers; fed outcomes, read by the estimator."""

    __slots__ = ("_buckets",)

    def __init__(self, buckets: dict[str, Bucket] | None = None) -> None:
        self._buckets: dict[str, Bucket] = dict(buckets or {})

    def buckets(self) -> dict[str, Bucket]:
        """The buckets by key (live objects: encode them before they change)."""
        return self._buckets

    def bucket(self, key: str) -> Bucket | None:
        """The bucket of `key` once it has MIN_OWN outcomes, else its (queue, channel) one."""
        own = self._buckets.get(key)
        if own is not None and own.n >= MIN_OWN:
            return own
        return self._buckets.get(pair_key(key), own)

    def observe(
        self, key: str, phi: Features, realised_s: float, quantiles: tuple[float, float, float]
    ) -> None:
        """One served contact: its entry features, its wait, the quantiles it was given."""
        keys = {key, pair_key(key)}
        for k in keys:
            bucket = self._buckets.get(k)
            if bucket is None:
                bucket = self._buckets[k] = Bucket()
            bucket.add(phi, realised_s)
            bucket.tracker.update(realised_s, *quantiles)


def pair_key(key: str) -> str:
    """'queue/channel/priority' -> 'queue/channel/'."""
    return key[: key.rfind("/") + 1] if "/" in key else key
