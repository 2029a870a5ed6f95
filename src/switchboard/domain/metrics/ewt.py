"""Estimated wait time (R2.3): the estimator interface and its first, state-aware model.

    WaitTimeEstimator.estimate(WaitContext) -> Estimate | None
        WaitContext   contacts ahead, the groups of agents able to serve, learned figures
        Estimate      mean and 10/50/90th percentiles, in seconds (None: nobody can serve)

A better predictor replaces `FluidEstimator` behind the same Protocol (the contact center
holds one estimator; `wait_context.py` builds the context from the engine's state).

`FluidEstimator` (ASSUMPTION; the documentation gives no formula, §10.1). The contact must
see `ahead + 1` departures from the front of its line: each busy slot of an agent able to
serve it frees at rate mu = 1 / mean handle time, and each contact still ahead abandons at
rate theta (learned patience, `learning.py`). With S slots serving and x contacts ahead the
line moves at S*mu + theta*x, so (fluid limit)

    time from x0 ahead to 0 ahead = ln((x0 + a) / a) / theta    with a = S*mu / theta
                                  = x0 / (S*mu)                  when theta = 0
    then the contact's own slot   = 1 / (S*mu)

With theta = 0 this is exactly position * AHT / slots, the formula R2.3.1 proposes. Agents
whose profile delay is not yet met join when it is (one phase per distinct remaining delay),
and their free slots take contacts at once when they join. The percentiles treat the wait as
a Gamma variable with shape ahead + 1 (a sum of that many exponential steps), through the
Wilson-Hilferty approximation. Cost: O(groups) per estimate.
Must not import: anything outside the standard library and `domain.values`.
"""

from __future__ import annotations

import math
from typing import Protocol

from switchboard.domain.values import hot_value

_Z90 = 1.2815515655446004  # standard normal quantile of 0.9


@hot_value
class ServerGroup:
    """Agents (one routing profile, or an agent queue's owner) able to serve the contact.

    slots: busy-or-free slots they devote to this (queue, channel), already weighted by the
    share of their attention the queue gets (`wait_context.py`). free_slots: slots free now.
    delay_remaining_ms: time until their profile delay (or the contact's routing step) lets
    them take this contact (0: now). eligible_age_ms: for agents that a later routing step
    of the contact widens to, the wait after which the *older* contacts of the line (same
    steps, further along) are theirs to take already; None when they take only what this
    contact's own timing allows (`domain/prediction/stages.py` uses it).
    """

    slots: float
    free_slots: float
    delay_remaining_ms: int
    eligible_age_ms: int | None = None


@hot_value
class WaitContext:
    """What an estimator may read about one contact's situation, all known *now*.

    The first four fields are what `FluidEstimator` needs; the rest feed the baselines and the
    state-aware predictor (`domain/prediction/`): `waited_ms` already spent in queue,
    `hol_ms` the elapsed wait of the head of the line, `les_ms` the wait of the last contact of
    the pair to enter service (None before any), `handle_cv2` the squared coefficient of
    variation of handle time, `key` the calibration bucket (queue, channel, priority),
    `overtaking_per_ms` the arrival rate of contacts that will be routed before this one
    (strictly better priority, same queue and channel; `learning.py`).
    """

    ahead: int
    groups: tuple[ServerGroup, ...]
    handle_ms: float
    abandon_rate_per_ms: float
    waited_ms: int = 0
    hol_ms: int = 0
    les_ms: int | None = None
    handle_cv2: float = 1.0
    key: str = ""
    overtaking_per_ms: float = 0.0


@hot_value
class Estimate:
    mean_s: float
    p10_s: float
    p50_s: float
    p90_s: float


class WaitTimeEstimator(Protocol):
    def estimate(self, context: WaitContext) -> Estimate | None:
        """Seconds until the contact is connected to an agent; None when no agent can
        ever take it (no staffed agent serves its queue and channel)."""
        ...


class FluidEstimator:
    """The state-aware fluid model described in the module docstring."""

    def estimate(self, context: WaitContext) -> Estimate | None:
        mean_ms = fluid_wait_ms(context)
        if mean_ms is None:
            return None
        return _with_percentiles(mean_ms / 1000.0, context.ahead + 1)


def fluid_wait_ms(context: WaitContext) -> float | None:
    """Mean time (ms) until the contact gets a slot, or None when it never does."""
    if context.handle_ms <= 0:
        return 0.0
    mu = 1.0 / context.handle_ms
    theta = max(0.0, context.abandon_rate_per_ms)
    joins = sorted({g.delay_remaining_ms for g in context.groups if g.slots > 0})
    if not joins:
        return None
    x = float(context.ahead)
    slots = 0.0
    for i, start in enumerate(joins):
        joining = [g for g in context.groups if g.delay_remaining_ms == start and g.slots > 0]
        slots += sum(g.slots for g in joining)
        x -= sum(g.free_slots for g in joining)  # free slots take contacts the moment they join
        if x < 0:
            return float(start)
        end = joins[i + 1] if i + 1 < len(joins) else None
        rate = slots * mu
        needed = _time_to_slot(x, rate, theta)
        if end is None or needed <= end - start:
            return start + needed
        x = _ahead_after(x, rate, theta, end - start)
    return None  # unreachable: the last phase always finishes


def _time_to_slot(x: float, rate: float, theta: float) -> float:
    """Time for x contacts ahead to clear, then for one slot to free (rate = S*mu)."""
    if theta > 0:
        a = rate / theta
        clear = math.log((x + a) / a) / theta if x > 0 else 0.0
    else:
        clear = x / rate
    return clear + 1.0 / rate


def _ahead_after(x: float, rate: float, theta: float, duration: float) -> float:
    """Contacts still ahead after `duration` (never below 0: the contact itself is next)."""
    if theta > 0:
        a = rate / theta
        return max(0.0, (x + a) * math.exp(-theta * duration) - a)
    return max(0.0, x - rate * duration)


def _with_percentiles(mean_s: float, steps: int) -> Estimate:
    if mean_s <= 0:
        return Estimate(0.0, 0.0, 0.0, 0.0)
    k = max(1, steps)
    spread = 1.0 / (9.0 * k)

    def quantile(z: float) -> float:
        return mean_s * max(0.0, 1.0 - spread + z * math.sqrt(spread)) ** 3

    return Estimate(mean_s, quantile(-_Z90), quantile(0.0), quantile(_Z90))
