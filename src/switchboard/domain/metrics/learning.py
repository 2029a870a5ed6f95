"""What the instance has learned about its own contacts: handle time and patience per
(queue, channel), updated online from routing events, for the wait-time estimator (`ewt.py`).

    OnlineStats.observe(event)
      ContactQueued            remember (queue, channel, enqueued_at) of the contact
      ContactConnected         wait = at - enqueued_at  -> exposure (censored patience sample)
      ContactDequeued          ABANDONED/DISCONNECTED: one abandonment + its wait as exposure;
                               STOPPED/TRANSFERRED: exposure only (censored)
      AfterContactWorkCleared  handle time = at - connected_at  (talk + hold + ACW: the time
                               the contact kept the agent's slot after connecting)
  and, for the predictors of `domain/prediction`: the wait of the last contact of each
  (queue, channel) to enter service (LES), the second moment of handle time (its cv^2), and
  per (queue, channel, priority at entry) the arrival rate of contacts (ContactQueued), so a
  contact's predictor knows how fast better-priority contacts arrive to overtake it.

Estimates (both exponentially weighted, so the instance's recent behaviour dominates):
* mean handle time: an EWMA whose weight is 1/n for the first observations (so it starts as
  the plain sample mean) and never below `ALPHA`; the prior `PRIOR_HANDLE_MS` counts as one
  pseudo-observation, so a single real contact already moves it halfway.
* abandonment rate theta (1/mean patience): the exponential-patience maximum-likelihood
  estimate with censoring, abandonments / total time waited, both sums decayed by
  (1 - ALPHA) per sample. Prior: no abandonment (theta = 0), which makes the wait estimate
  err long rather than short until the instance has seen someone hang up.
* arrival rate: 1 / an EWMA of the gaps between arrivals (weight 1/n, never below
  `ARRIVAL_ALPHA`); read at `now`, a class silent for longer than its mean gap counts the
  silence as its gap, so a class that stopped arriving fades out. O(1) per event.
A queue with no samples of its own borrows the instance-wide figure of its channel.

Everything is int ms in, plain floats in the exported state; no clock, no randomness.
Must not import: anything outside the standard library, `domain.routing` and `domain.values`.
"""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.domain.channel import Channel
from switchboard.domain.routing import events as ev
from switchboard.domain.routing.types import DequeueReason
from switchboard.domain.values import hot_value

PRIOR_HANDLE_MS = 180_000
"""Mean handle time assumed before the instance has finished any contact (3 minutes)."""

ALPHA = 0.001
"""Smallest weight of a new sample: the estimates track roughly the last 1,000 contacts.
(Was 0.05: a 20-contact memory made the wait estimate's handle time ~20 % noisy, which cost
the M/M/s predictor ~10 % RMSE against the true-rate oracle; `bench/ewt.py`. Drift is left to
the predictor's online recalibration, `domain/prediction/calibration.py`.)"""

ARRIVAL_ALPHA = 0.02
"""Smallest weight of a new inter-arrival gap: the arrival rates follow the last ~50 arrivals
of their class (overtaking depends on the traffic of the next minutes, not of the day)."""

_ABANDON_REASONS = frozenset({DequeueReason.ABANDONED, DequeueReason.DISCONNECTED})

Key = tuple[str, Channel]
"""(queue_id, channel); queue_id "" holds the instance-wide figure of the channel."""


@dataclass(slots=True)
class Learned:
    """The running estimates of one (queue, channel)."""

    handle_ms: float = float(PRIOR_HANDLE_MS)
    handle_n: int = 0
    abandons: float = 0.0
    exposure_ms: float = 0.0
    waits_n: int = 0
    handle_sq: float = 2.0 * PRIOR_HANDLE_MS**2  # E[h^2]; prior: exponential (cv^2 = 1)
    last_wait_ms: int | None = None

    def add_handle(self, ms: int) -> None:
        self.handle_n += 1
        weight = max(ALPHA, 1.0 / (self.handle_n + 1))  # the prior is one pseudo-sample
        self.handle_ms += weight * (ms - self.handle_ms)
        self.handle_sq += weight * (float(ms) * ms - self.handle_sq)

    @property
    def handle_cv2(self) -> float:
        """Squared coefficient of variation of handle time (1 for exponential)."""
        if self.handle_ms <= 0:
            return 1.0
        return max(0.0, self.handle_sq / (self.handle_ms * self.handle_ms) - 1.0)

    def add_wait(self, ms: int, abandoned: bool) -> None:
        self.waits_n += 1
        keep = 1.0 - ALPHA
        self.abandons = self.abandons * keep + (1.0 if abandoned else 0.0)
        self.exposure_ms = self.exposure_ms * keep + max(0, ms)

    @property
    def abandon_rate_per_ms(self) -> float:
        """theta of exponential patience; 0 when nobody has abandoned yet."""
        if self.abandons <= 0 or self.exposure_ms <= 0:
            return 0.0
        return self.abandons / self.exposure_ms


@dataclass(slots=True)
class Arrivals:
    """The arrival rate of one (queue, channel, priority): EWMA of the gaps between arrivals."""

    gap_ms: float = 0.0
    last_at: int = 0
    n: int = 0

    def add(self, at: int) -> None:
        if self.n:
            weight = max(ARRIVAL_ALPHA, 1.0 / self.n)  # the n-th gap
            self.gap_ms += weight * (max(0, at - self.last_at) - self.gap_ms)
        self.n += 1
        self.last_at = at

    def rate_per_ms(self, now: int | None = None) -> float:
        """Arrivals per ms; 0 before two arrivals (no gap known yet)."""
        if self.n < 2:
            return 0.0
        gap = self.gap_ms if now is None else max(self.gap_ms, float(now - self.last_at))
        return 1.0 / gap if gap > 0 else 0.0


@dataclass(frozen=True, slots=True)
class ArrivalRow:
    queue_id: str
    channel: Channel
    priority: int
    gap_ms: float
    last_at: int
    n: int


@dataclass(frozen=True, slots=True)
class LearnedRow:
    queue_id: str
    channel: Channel
    handle_ms: float
    handle_n: int
    abandons: float
    exposure_ms: float
    waits_n: int
    handle_sq: float = 2.0 * PRIOR_HANDLE_MS**2
    last_wait_ms: int | None = None


@dataclass(frozen=True, slots=True)
class PendingRow:
    """A contact between enqueue and connect (enqueued_at) or connect and ACW end."""

    contact_id: str
    queue_id: str
    channel: Channel
    at: int


@dataclass(frozen=True, slots=True)
class StatsState:
    learned: tuple[LearnedRow, ...] = ()
    waiting: tuple[PendingRow, ...] = ()
    handling: tuple[PendingRow, ...] = ()
    arrivals: tuple[ArrivalRow, ...] = ()


@hot_value
class Figures:
    """What the estimator reads for one (queue, channel)."""

    handle_ms: float
    abandon_rate_per_ms: float
    handle_samples: int
    handle_cv2: float = 1.0
    les_ms: int | None = None


class OnlineStats:
    """Learns handle time and patience per (queue, channel) from engine events."""

    __slots__ = ("_arrivals", "_handling", "_learned", "_waiting")

    def __init__(self) -> None:
        self._learned: dict[Key, Learned] = {}
        self._arrivals: dict[Key, dict[int, Arrivals]] = {}
        self._waiting: dict[str, tuple[str, Channel, int]] = {}
        self._handling: dict[str, tuple[str, Channel, int]] = {}

    def observe(self, event: ev.Event) -> None:
        if isinstance(event, ev.ContactQueued):
            self._waiting[event.contact_id] = (event.queue_id, event.channel, event.at)
            if event.queue_priority is not None:
                by_priority = self._arrivals.setdefault((event.queue_id, event.channel), {})
                arrivals = by_priority.get(event.queue_priority)
                if arrivals is None:
                    arrivals = by_priority[event.queue_priority] = Arrivals()
                arrivals.add(event.at)
        elif isinstance(event, ev.ContactConnected):
            waited = self._waiting.pop(event.contact_id, None)
            if waited is not None:
                queue_id, channel, enqueued_at = waited
                self._wait(queue_id, channel, event.at - enqueued_at, False)
                self._row((queue_id, channel)).last_wait_ms = event.at - enqueued_at
                self._handling[event.contact_id] = (queue_id, channel, event.at)
        elif isinstance(event, ev.ContactDequeued):
            waited = self._waiting.pop(event.contact_id, None)
            if waited is not None:
                queue_id, channel, enqueued_at = waited
                abandoned = event.reason in _ABANDON_REASONS
                self._wait(queue_id, channel, event.at - enqueued_at, abandoned)
        elif isinstance(event, ev.AfterContactWorkCleared):
            handled = self._handling.pop(event.contact_id, None)
            if handled is not None:
                queue_id, channel, connected_at = handled
                for key in ((queue_id, channel), ("", channel)):
                    self._row(key).add_handle(event.at - connected_at)

    def figures(self, queue_id: str, channel: Channel) -> Figures:
        """Handle time and abandonment rate of (queue, channel), else of the channel, else
        the priors."""
        own = self._learned.get((queue_id, channel))
        wide = self._learned.get(("", channel))
        handle_src = own if own is not None and own.handle_n else wide
        wait_src = own if own is not None and own.waits_n else wide
        handle = handle_src.handle_ms if handle_src is not None else float(PRIOR_HANDLE_MS)
        samples = handle_src.handle_n if handle_src is not None else 0
        rate = wait_src.abandon_rate_per_ms if wait_src is not None else 0.0
        cv2 = handle_src.handle_cv2 if handle_src is not None else 1.0
        les = own.last_wait_ms if own is not None else None
        return Figures(handle, rate, samples, cv2, les)

    def overtaking_rate_per_ms(
        self, queue_id: str, channel: Channel, priority: int, now: int | None = None
    ) -> float:
        """Arrival rate of the contacts of (queue, channel) routed before one of `priority`:
        those of a strictly better (lower) priority. O(priorities seen on the pair)."""
        by_priority = self._arrivals.get((queue_id, channel))
        if not by_priority:
            return 0.0
        return sum(a.rate_per_ms(now) for p, a in by_priority.items() if p < priority)

    def export(self) -> StatsState:
        return StatsState(
            tuple(
                LearnedRow(
                    q,
                    c,
                    v.handle_ms,
                    v.handle_n,
                    v.abandons,
                    v.exposure_ms,
                    v.waits_n,
                    v.handle_sq,
                    v.last_wait_ms,
                )
                for (q, c), v in sorted(self._learned.items())
            ),
            tuple(PendingRow(cid, *v) for cid, v in sorted(self._waiting.items())),
            tuple(PendingRow(cid, *v) for cid, v in sorted(self._handling.items())),
            tuple(
                ArrivalRow(q, c, p, a.gap_ms, a.last_at, a.n)
                for (q, c), by_priority in sorted(self._arrivals.items())
                for p, a in sorted(by_priority.items())
            ),
        )

    @classmethod
    def restore(cls, state: StatsState) -> OnlineStats:
        stats = cls()
        for row in state.learned:
            stats._learned[(row.queue_id, row.channel)] = Learned(
                row.handle_ms, row.handle_n, row.abandons, row.exposure_ms, row.waits_n,
                row.handle_sq, row.last_wait_ms,
            )  # fmt: skip
        stats._waiting = {r.contact_id: (r.queue_id, r.channel, r.at) for r in state.waiting}
        stats._handling = {r.contact_id: (r.queue_id, r.channel, r.at) for r in state.handling}
        for a in state.arrivals:
            by_priority = stats._arrivals.setdefault((a.queue_id, a.channel), {})
            by_priority[a.priority] = Arrivals(a.gap_ms, a.last_at, a.n)
        return stats

    def _wait(self, queue_id: str, channel: Channel, waited_ms: int, abandoned: bool) -> None:
        for key in ((queue_id, channel), ("", channel)):
            self._row(key).add_wait(waited_ms, abandoned)

    def _row(self, key: Key) -> Learned:
        row = self._learned.get(key)
        if row is None:
            row = self._learned[key] = Learned()
        return row
