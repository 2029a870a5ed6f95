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
A stage that a join will cut short spreads less than a whole exponential: its variance is
that of min(Exp(r), time to the join).
Routing steps that widen (`metrics/routing_steps.py`): agents a later step of the contact
widens to ("helpers", `ServerGroup.eligible_age_ms`) cannot take it before their step, but
they take the *older* contacts ahead once those have waited that long. The ages of the
contacts ahead are spread evenly between the head of the line's wait and this contact's own
(only the head's is known without a scan); a busy helper works on the line while its head is
old enough for it, an idle one takes the contacts ahead that are (and those that will be
within `EAGER_MS`) at once, and its busy slots free up meanwhile. Stages in which nothing of
that changes are walked without the bookkeeping.
Cost: O(min(x, 64) + groups); longer lines use the integral of the remaining stages; with
helpers, at most `MAX_HELPED_STAGES` stages until they join.
Must not import: anything outside the standard library and `domain.metrics.ewt`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from switchboard.domain.metrics.ewt import ServerGroup, WaitContext

EXACT_STAGES = 64
"""Stages summed one by one; the rest of a longer line is integrated in closed form."""

MAX_HELPED_STAGES = 4 * EXACT_STAGES
"""Stages walked one by one at most while helpers are pending; then they only join."""

EAGER_MS = 1_000.0
"""An idle helper takes at once the contacts ahead that reach its age within this time (a
line of near-simultaneous entries would otherwise be walked contact by contact)."""

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
class _Rates:
    mu: float
    theta: float
    tilt: float
    cv2: float
    over: float

    def served(self, slots: float) -> float:
        """Service rate the line keeps from `slots` once better priorities took theirs."""
        if slots <= 0:
            return 0.0
        return max(slots * self.mu - self.over, MIN_CAPACITY_SHARE * slots * self.mu)


def stage_moments(ctx: WaitContext, served_only: bool = True) -> StageMoments | None:
    """Mean and variance (ms, ms^2) of the time until the contact gets a slot; None when no
    slot ever serves it."""
    if ctx.handle_ms <= 0:
        return StageMoments(0.0, 0.0, 0)
    theta = max(0.0, ctx.abandon_rate_per_ms)
    rates = _Rates(
        1.0 / ctx.handle_ms,
        theta,
        theta if served_only else 0.0,
        max(0.05, ctx.handle_cv2),
        max(0.0, ctx.overtaking_per_ms),
    )
    groups = sorted((g for g in ctx.groups if g.slots > 0), key=lambda g: g.delay_remaining_ms)
    if not groups:
        return None
    if ctx.ahead > 0 and any(
        g.eligible_age_ms is not None and g.delay_remaining_ms > 0 for g in groups
    ):
        return _helped(ctx, groups, rates)
    return _plain(float(ctx.ahead), groups, rates)


def _plain(x: float, groups: list[ServerGroup], r: _Rates) -> StageMoments:
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
        next_join = float(groups[i].delay_remaining_ms) if i < len(groups) else math.inf
        base = r.served(slots) + r.tilt
        if next_join == math.inf and x + 1.0 > EXACT_STAGES - stage:
            return _tail_moments(t, var, stage, base, x, r)
        rate = base + x * r.theta
        spread = _truncated_variance(rate, next_join - t) * (1.0 if stage == 0 else r.cv2)
        var += spread
        if t + 1.0 / rate > next_join:
            # the join comes first; the stage restarts at the faster rate (memoryless)
            t = next_join
            continue
        t += 1.0 / rate
        stage += 1
        x -= 1.0
        if x < 0:
            return StageMoments(t, var, stage)


@dataclass(slots=True)
class _Helper:
    """A group a later routing step widens to: it takes the contacts ahead that have waited
    `age` (ms) until it joins (group `index`) and may take this contact too."""

    index: int
    slots: float
    free: float
    age: float
    working: bool = False


def _helped(ctx: WaitContext, groups: list[ServerGroup], r: _Rates) -> StageMoments | None:
    helpers = [
        _Helper(i, g.slots, g.free_slots, float(g.eligible_age_ms))
        for i, g in enumerate(groups)
        if g.eligible_age_ms is not None and g.delay_remaining_ms > 0
    ]
    youngest = float(ctx.waited_ms)
    oldest = max(youngest, float(ctx.hol_ms))
    spacing = (oldest - youngest) / ctx.ahead
    x = float(ctx.ahead)
    k = 0.0  # contacts ahead gone so far, from the head (service takes the oldest first)
    t = 0.0
    var = 0.0
    slots = 0.0
    i = 0
    stage = 0
    while True:
        while i < len(groups) and groups[i].delay_remaining_ms <= t:
            free = groups[i].free_slots
            for helper in helpers:
                if helper.index == i:
                    free = helper.free
                    helpers.remove(helper)
                    break
            slots += groups[i].slots
            x -= free
            k += free
            i += 1
        if x < 0:
            return StageMoments(t, var, stage)
        if stage >= MAX_HELPED_STAGES:
            helpers.clear()
        join = float(groups[i].delay_remaining_ms) if i < len(groups) else math.inf
        # who works on the line now; idle helpers take what they may at once
        head = max(youngest, oldest - spacing * k)  # its age at t = 0
        helping = 0.0
        wake = math.inf
        needed = -math.inf  # the age the head must keep for every working helper
        soonest = math.inf  # the least age an idle helper waits for
        steady = True  # no working helper has a free slot
        for helper in helpers:
            if x >= 1.0 and helper.free > 0:
                reach = oldest + t + min(helper.free * spacing, EAGER_MS) + _EPS - helper.age
                if reach >= 0:
                    ready = x if spacing <= 0 else min(x, math.floor(reach / spacing) + 1 - k)
                    take = max(0.0, min(helper.free, ready))
                    helper.free -= take
                    x -= take
                    k += take
                    head = max(youngest, oldest - spacing * k)
            helper.working = x >= 1.0 and head + t + _EPS >= helper.age
            if helper.working:
                helping += helper.slots - helper.free
                needed = max(needed, helper.age)
                steady = steady and helper.free <= 0
            else:
                soonest = min(soonest, helper.age)
                if x >= 1.0:
                    wake = min(wake, max(t, helper.age - head))
        next_event = min(join, wake)
        if slots <= 0 and helping <= 0:
            if next_event == math.inf:
                return None  # only helpers left, with nothing ahead they may ever take
            _idle(helpers, r.mu, next_event - t)
            t = next_event  # nobody may take this contact yet: wait for a join or a helper
            continue
        if not helpers and i >= len(groups) and x + 1.0 > EXACT_STAGES - stage:
            return _tail_moments(t, var, stage, r.served(slots) + r.tilt, x, r)
        base = r.served(slots) + helping * r.mu + r.tilt
        weight = 1.0 if stage == 0 else r.cv2
        if steady:
            # walk the stages that end before the next join, before an idle helper's turn
            # and while the head stays old enough for the working ones
            start = t
            while x >= 2.0 and stage < MAX_HELPED_STAGES:
                rate = base + x * r.theta
                horizon = min(join, soonest - max(youngest, oldest - spacing * k))
                after = t + 1.0 / rate
                if after > horizon or max(youngest, oldest - spacing * (k + 1.0)) + after < needed:
                    break
                var += _truncated_variance(rate, horizon - t) * weight
                t = after
                stage += 1
                x -= 1.0
                k += 1.0
                weight = r.cv2
            if t > start:
                _idle(helpers, r.mu, t - start)
                continue
        rate = base + x * r.theta
        var += _truncated_variance(rate, next_event - t) * weight
        if t + 1.0 / rate > next_event:
            # a join or a helper's turn comes first; the stage restarts (memoryless)
            _idle(helpers, r.mu, next_event - t)
            t = next_event
            continue
        _idle(helpers, r.mu, 1.0 / rate)
        t += 1.0 / rate
        stage += 1
        x -= 1.0
        k += 1.0
        if x < 0:
            return StageMoments(t, var, stage)


def _idle(helpers: list[_Helper], mu: float, dt: float) -> None:
    """Helpers with nothing they may take free their busy slots over dt (rate mu each)."""
    if dt <= 0:
        return
    done = 1.0 - math.exp(-mu * dt)
    for helper in helpers:
        if not helper.working:
            helper.free += (helper.slots - helper.free) * done


def _tail_moments(
    t: float, var: float, stage: int, base: float, x: float, r: _Rates
) -> StageMoments:
    """No more joins: integrate the remaining x + 1 stages, rates base + j*theta."""
    m, v = _tail(base, r.theta, x)
    first = 1.0 / (base + x * r.theta) if stage == 0 else 0.0
    var += first**2 + r.cv2 * max(0.0, v - first**2)
    return StageMoments(t + m, var, stage + int(x) + 1)


def _truncated_variance(rate: float, horizon: float) -> float:
    """Var(min(E, horizon)) for E ~ Exp(rate): a stage that a join or a helper's turn will
    cut short spreads less than a whole exponential (1 / rate^2 when nothing is due)."""
    if horizon == math.inf:
        return 1.0 / (rate * rate)
    a = rate * horizon
    return max(0.0, 1.0 - 2.0 * a * math.exp(-a) - math.exp(-2.0 * a)) / (rate * rate)


def _tail(base: float, theta: float, x: float) -> tuple[float, float]:
    """sum over j = 0..x of 1/(base + j*theta) and of its square (midpoint integral)."""
    n = x + 1.0
    if theta <= 0:
        return n / base, n / (base * base)
    lo, hi = base - 0.5 * theta, base + (n - 0.5) * theta
    lo = max(lo, 1e-12)
    return math.log(hi / lo) / theta, (1.0 / lo - 1.0 / hi) / theta
