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

MIN_CAPACITY_SHARE = 0.05
"""Least share of the slots' service rate left to a line that better priorities overtake (a
saturated better class would otherwise starve it forever; the recalibration takes the rest)."""


@dataclass(frozen=True, slots=True)
class StageMoments:
    mean_ms: float
    variance_ms2: float
    stages: int


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
    x = float(ctx.ahead)
    t = 0.0
    var = 0.0
    slots = 0.0
    i = 0
    stage = 0
    while True:
        # every group whose delay has passed by t has joined; its free slots take contacts
        while i < len(groups) and groups[i].delay_remaining_ms <= t:
            slots += groups[i].slots
            x -= groups[i].free_slots
            i += 1
        if x < 0:
            return StageMoments(t, var, stage)
        if slots <= 0:
            t = float(groups[i].delay_remaining_ms)  # nobody serves yet: wait for a join
            continue
        next_join = groups[i].delay_remaining_ms if i < len(groups) else None
        base = max(slots * mu - over, MIN_CAPACITY_SHARE * slots * mu) + tilt
        if next_join is None and x + 1.0 > EXACT_STAGES - stage:
            # no more joins: integrate the remaining x + 1 stages, rates base + j*theta
            m, v = _tail(base, theta, x)
            first = 1.0 / (base + x * theta) if stage == 0 else 0.0
            var += first**2 + cv2 * max(0.0, v - first**2)
            return StageMoments(t + m, var, stage + int(x) + 1)
        rate = base + x * theta
        dt = 1.0 / rate
        if next_join is not None and t + dt > next_join:
            # the join comes first; the stage restarts at the faster rate (memoryless)
            t = float(next_join)
            continue
        var += dt * dt * (1.0 if stage == 0 else cv2)
        t += dt
        stage += 1
        x -= 1.0
        if x < 0:
            return StageMoments(t, var, stage)


def _tail(base: float, theta: float, x: float) -> tuple[float, float]:
    """sum over j = 0..x of 1/(base + j*theta) and of its square (midpoint integral)."""
    n = x + 1.0
    if theta <= 0:
        return n / base, n / (base * base)
    lo, hi = base - 0.5 * theta, base + (n - 0.5) * theta
    lo = max(lo, 1e-12)
    return math.log(hi / lo) / theta, (1.0 / lo - 1.0 / hi) / theta
