"""The stage model of a waiting contact's time to service.

A contact with x contacts ahead reaches an agent after x + 1 departures from the front of its
line. While S slots serve the line at mu each and the j contacts ahead abandon at theta each,
the next departure comes at rate S*mu + j*theta. Conditioning on the contact itself being
served (we score predictions against the waits of served contacts; with exponential patience
the contact's own patience is independent of the line): the law of the wait is tilted by
exp(-theta * W), which adds theta to every stage rate (a stage of rate r becomes rate
r + theta). So, with j = x, x-1, ..., 0 contacts ahead,

    stage rate r_j = S*mu + (j + 1)*theta          (served-conditional)
    mean = sum 1/r_j        variance = sum 1/r_j^2   (independent exponential stages)

For M/M/s (theta = 0) this is Erlang(x + 1, s*mu), the minimum-MSE predictor; for M/M/s+M it
is the minimum-MSE predictor of the waits of served contacts. Agents whose profile delay is
not met join when it is: stages run at the rate of the slots present at the stage's expected
start (free slots that join take a contact at once). Non-exponential handle times: the
departures of S busy slots form a superposition of renewal processes whose counting variance
grows like cv^2 per stage, so stages after the first carry variance cv^2 / r^2.
Overtaking (several priorities in one queue): contacts of a better priority arriving at
lambda_over while this one waits are routed first and take that much of the line's service,
so the line this contact is in drains at S*mu - lambda_over (floored at `MIN_CAPACITY_SHARE`
of S*mu); lambda_over = 0 leaves the model unchanged.
Cost: O(min(x, 64) + groups); longer lines use the integral of the remaining stages.
Must not import: anything outside the standard library and `domain.metrics.ewt`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from switchboard.domain.metrics.ewt import WaitContext

EXACT_STAGES = 64
"""Stages summed one by one; the rest of a longer line is integrated in closed form."""

MAX_HELPED_STAGES = 4 * EXACT_STAGES
"""Bound on the stages walked one by one while helpers (widening routing steps) are pending."""

_EPS = 1e-6
"""Tolerance (ms) when an age reaches a threshold exactly."""

MIN_CAPACITY_SHARE = 0.05
"""Least share of the slots' service rate left to a line that better priorities overtake (a
saturated better class would otherwise starve it forever; the recalibration takes the rest)."""


@dataclass(frozen=True, slots=True)
class StageMoments:
    mean_ms: float
    variance_ms2: float
    stages: int


@dataclass(slots=True)
class _Helper:
    """A group that cannot take this contact yet but takes the older contacts of its line
    once they have waited `eligible_age` (a routing step that widens to it); it becomes an
    ordinary group when the contact's own step reaches it (its delay)."""

    slots: float
    free: float
    eligible_age: float


class _Ages:
    """Ages (ms, now) of the contacts ahead, oldest first: spread evenly between the head of
    the line's wait and this contact's own (only the head's is known without a scan)."""

    __slots__ = ("oldest", "spacing", "youngest")

    def __init__(self, ctx: WaitContext) -> None:
        self.youngest = float(ctx.waited_ms)
        self.oldest = max(self.youngest, float(ctx.hol_ms))
        self.spacing = (self.oldest - self.youngest) / ctx.ahead if ctx.ahead > 0 else 0.0

    def of(self, k: float) -> float:
        """Age of the k-th oldest contact ahead (k = 0: the head)."""
        return max(self.youngest, self.oldest - self.spacing * k)

    def eligible(self, k: float, x: float, t: float, age: float) -> float:
        """How many of the x contacts ahead from the k-th on have waited `age` at time t."""
        if self.oldest + t + _EPS < age or x <= 0:
            return 0.0
        if self.spacing <= 0:
            return x
        last = math.floor((self.oldest + t + _EPS - age) / self.spacing)  # the youngest such
        return max(0.0, min(x, last + 1 - k))

    def helps(self, helper: _Helper, k: float, x: float, t: float) -> bool:
        """Whether the helper works on the line now: an older contact is still ahead (the
        contact itself is not its to take) and the head of the line has waited enough."""
        return x >= 1.0 and self.of(k) + t + _EPS >= helper.eligible_age


def stage_moments(ctx: WaitContext, served_only: bool = True) -> StageMoments | None:
    """Mean and variance (ms, ms^2) of the time until the contact gets a slot; None when no
    slot ever serves it."""
    if ctx.handle_ms <= 0:
        return StageMoments(0.0, 0.0, 0)
    mu = 1.0 / ctx.handle_ms
    theta = max(0.0, ctx.abandon_rate_per_ms)
    tilt = theta if served_only else 0.0
    cv2 = max(0.05, ctx.handle_cv2)
    over = max(0.0, ctx.overtaking_per_ms)
    groups = sorted((g for g in ctx.groups if g.slots > 0), key=lambda g: g.delay_remaining_ms)
    if not groups:
        return None
    helpers: dict[int, _Helper] = {
        i: _Helper(g.slots, g.free_slots, float(g.eligible_age_ms))
        for i, g in enumerate(groups)
        if g.eligible_age_ms is not None and g.delay_remaining_ms > 0 and ctx.ahead > 0
    }
    ages = _Ages(ctx)
    x = float(ctx.ahead)
    k = 0.0  # contacts ahead gone so far, from the head (service takes the oldest first)
    t = 0.0
    var = 0.0
    slots = 0.0
    i = 0
    stage = 0
    while True:
        # every group whose delay has passed by t has joined; its free slots take contacts
        while i < len(groups) and groups[i].delay_remaining_ms <= t:
            helper = helpers.pop(i, None)
            free = groups[i].free_slots if helper is None else helper.free
            slots += groups[i].slots
            x -= free
            k += free
            i += 1
        if x < 0:
            return StageMoments(t, var, stage)
        if stage >= MAX_HELPED_STAGES:
            helpers.clear()  # a very long line: let the helpers' slots wait for their join
        next_event = float(groups[i].delay_remaining_ms) if i < len(groups) else math.inf
        helping = 0.0  # busy slots of helpers working on the head of the line
        for helper in helpers.values():
            if x >= 1.0 and helper.free > 0:  # a free helper takes what it may at once
                take = min(helper.free, ages.eligible(k, x, t, helper.eligible_age))
                helper.free -= take
                x -= take
                k += take
            if ages.helps(helper, k, x, t):
                helping += helper.slots - helper.free
            elif x >= 1.0:
                next_event = min(next_event, max(t, helper.eligible_age - ages.of(k)))
        if slots <= 0 and helping <= 0:
            if next_event == math.inf:
                return None  # only helpers left, with nothing ahead they may ever take
            _idle(helpers, mu, next_event - t, ages, k, x, t)
            t = next_event  # nobody serves this contact yet: wait for a join or a helper
            continue
        if not helpers and i >= len(groups) and x + 1.0 > EXACT_STAGES - stage:
            # no more joins: integrate the remaining x + 1 stages, rates base + j*theta
            base = max(slots * mu - over, MIN_CAPACITY_SHARE * slots * mu) + tilt
            m, v = _tail(base, theta, x)
            first = 1.0 / (base + x * theta) if stage == 0 else 0.0
            var += first**2 + cv2 * max(0.0, v - first**2)
            return StageMoments(t + m, var, stage + int(x) + 1)
        served = max(slots * mu - over, MIN_CAPACITY_SHARE * slots * mu) if slots > 0 else 0.0
        dt = 1.0 / (served + helping * mu + tilt + x * theta)
        spread = _truncated_variance(1.0 / dt, next_event - t) * (1.0 if stage == 0 else cv2)
        if t + dt > next_event:
            # a join or a helper's turn comes first; the stage restarts (memoryless)
            _idle(helpers, mu, next_event - t, ages, k, x, t)
            var += spread
            t = next_event
            continue
        _idle(helpers, mu, dt, ages, k, x, t)
        var += spread
        t += dt
        stage += 1
        x -= 1.0
        k += 1.0
        if x < 0:
            return StageMoments(t, var, stage)


def _truncated_variance(rate: float, horizon: float) -> float:
    """Var(min(E, horizon)) for E ~ Exp(rate): a stage that a join or a helper's turn will
    cut short spreads less than a whole exponential (1 / rate^2 when nothing is due)."""
    if horizon == math.inf:
        return 1.0 / (rate * rate)
    a = rate * horizon
    return max(0.0, 1.0 - 2.0 * a * math.exp(-a) - math.exp(-2.0 * a)) / (rate * rate)


def _idle(
    helpers: dict[int, _Helper], mu: float, dt: float, ages: _Ages, k: float, x: float, t: float
) -> None:
    """Helpers with nothing they may take free their busy slots over dt (rate mu each)."""
    if dt <= 0 or not helpers:
        return
    done = 1.0 - math.exp(-mu * dt)
    for helper in helpers.values():
        if not ages.helps(helper, k, x, t):
            helper.free += (helper.slots - helper.free) * done


def _tail(base: float, theta: float, x: float) -> tuple[float, float]:
    """sum over j = 0..x of 1/(base + j*theta) and of its square (midpoint integral)."""
    n = x + 1.0
    if theta <= 0:
        return n / base, n / (base * base)
    lo, hi = base - 0.5 * theta, base + (n - 0.5) * theta
    lo = max(lo, 1e-12)
    return math.log(hi / lo) / theta, (1.0 / lo - 1.0 / hi) / theta
