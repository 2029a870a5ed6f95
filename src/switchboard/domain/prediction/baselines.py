"""The published predictors Switchboard is compared with (issue 6), behind `WaitTimeEstimator`.

* `HolEstimator`  head-of-line: the elapsed wait of the contact at the head of the line.
* `LesEstimator`  last-to-enter-service: the wait of the last contact of the pair to reach an
  agent (0 before any did).
* `QueueLengthEstimator`  QL: (contacts ahead + 1) x mean handle time / slots serving (the
  staffed agents' slots for the pair, whatever their profile delay or competing queues).
* `ErlangAEstimator`  Whitt's QL for Erlang A (Ibrahim & Whitt 2009, "QL-m"): the mean of
  (x + 1) exponential stages of rate S*mu + j*theta, j = x .. 0, i.e. the *virtual* wait of a
  contact that would never abandon, with the learned abandonment rate theta.
Percentiles of the baselines treat the wait as a Gamma of shape x + 1 around their mean (they
are reported, not scored). All read the learned figures of the context; no state of their own.
Must not import: anything outside the standard library and `domain.metrics`.
"""

from __future__ import annotations

from switchboard.domain.metrics.ewt import Estimate, WaitContext
from switchboard.domain.prediction.quantiles import gamma_quantile


def with_shape(mean_s: float, stages: int) -> Estimate:
    """An estimate whose percentiles are those of a Gamma of shape `stages`."""
    if mean_s <= 0:
        return Estimate(0.0, 0.0, 0.0, 0.0)
    var = mean_s * mean_s / max(1, stages)
    return Estimate(
        mean_s,
        gamma_quantile(mean_s, var, 0.1),
        gamma_quantile(mean_s, var, 0.5),
        gamma_quantile(mean_s, var, 0.9),
    )


def _slots(ctx: WaitContext) -> float:
    return sum(g.slots for g in ctx.groups)


class HolEstimator:
    def estimate(self, context: WaitContext) -> Estimate | None:
        return with_shape(context.hol_ms / 1000.0, context.ahead + 1)


class LesEstimator:
    def estimate(self, context: WaitContext) -> Estimate | None:
        return with_shape((context.les_ms or 0) / 1000.0, context.ahead + 1)


class QueueLengthEstimator:
    def estimate(self, context: WaitContext) -> Estimate | None:
        slots = _slots(context)
        if slots <= 0:
            return None
        mean_ms = (context.ahead + 1) * context.handle_ms / slots
        return with_shape(mean_ms / 1000.0, context.ahead + 1)


class ErlangAEstimator:
    def estimate(self, context: WaitContext) -> Estimate | None:
        slots = _slots(context)
        if slots <= 0:
            return None
        if context.handle_ms <= 0:
            return with_shape(0.0, 1)
        base = slots / context.handle_ms
        mean_ms = erlang_a_mean_ms(base, max(0.0, context.abandon_rate_per_ms), context.ahead)
        return with_shape(mean_ms / 1000.0, context.ahead + 1)


def erlang_a_mean_ms(base: float, theta: float, ahead: int, tilt: float = 0.0) -> float:
    """sum over j = 0..ahead of 1 / (base + tilt + j*theta): Whitt's QL-m with tilt 0, the
    served-conditional mean with tilt = theta (see `stages.py`). Exact, O(ahead)."""
    return sum(1.0 / (base + tilt + j * theta) for j in range(ahead + 1))
