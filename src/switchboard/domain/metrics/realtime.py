"""Real-time metrics (GetCurrentMetricData, R3.x): the 14 definitions over the engine's state.

    RealtimeQuery (main filter: queues or routing profiles; channels; step expressions;
                   agent statuses; groupings; metrics)
      -> scope   pairs      (queue, channel) in scope
                 units      alike agents: profile, the pairs they serve (R3.3.1), one
                            `AgentTally` and how many agents have it (`agent_tally.py`;
                            an agent queue's owner is a unit of its own)
                 pools      (queue, channel, active-step key) contact pools
      -> rows    one per combination of grouping values; each row keeps the units and pools
                 that match every one of its dimensions; rows with no agent online and no
                 contact waiting are left out (R3.2.2 ASSUMPTION)
      -> values  `metric_value` per row, in request order: agent metrics are sums of
                 count x tally over the row's units, never a walk over agents

Populations (R3.3.1 ASSUMPTION): a queue row counts the agents whose routing profile routes
that queue on a row channel (the owner, for an agent queue, R1.1.4) and the contacts waiting
in it; a profile row counts the profile's agents and the contacts waiting in the pairs it
routes; without groupings every agent and contact is counted once. Agent metrics follow
R3.4.1-R3.4.7, contacts R3.4.8-R3.4.10, slots R3.4.11-R3.4.12 (only the row's channels, or the
Channels filter), ESTIMATED_WAIT_TIME R2.3.2 through the same estimator as the contacts.
OLDEST_CONTACT_AGE is in seconds with groupings and in milliseconds without (QUIRK R3.2.3).
Must not import: anything outside the standard library and `domain.*`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from itertools import product

from switchboard.domain.channel import Channel
from switchboard.domain.metrics.agent_tally import (
    CHANNEL_INDEX,
    CHANNELS,
    AgentTallies,
    AgentTally,
    agent_tally,
)
from switchboard.domain.metrics.ewt import WaitTimeEstimator
from switchboard.domain.metrics.learning import OnlineStats
from switchboard.domain.metrics.wait_context import wait_context
from switchboard.domain.routing.engine import RoutingEngine


class CurrentMetric(StrEnum):
    AGENTS_ONLINE = "AGENTS_ONLINE"
    AGENTS_AVAILABLE = "AGENTS_AVAILABLE"
    AGENTS_ON_CALL = "AGENTS_ON_CALL"
    AGENTS_NON_PRODUCTIVE = "AGENTS_NON_PRODUCTIVE"
    AGENTS_AFTER_CONTACT_WORK = "AGENTS_AFTER_CONTACT_WORK"
    AGENTS_ERROR = "AGENTS_ERROR"
    AGENTS_STAFFED = "AGENTS_STAFFED"
    CONTACTS_IN_QUEUE = "CONTACTS_IN_QUEUE"
    OLDEST_CONTACT_AGE = "OLDEST_CONTACT_AGE"
    CONTACTS_SCHEDULED = "CONTACTS_SCHEDULED"
    AGENTS_ON_CONTACT = "AGENTS_ON_CONTACT"
    SLOTS_ACTIVE = "SLOTS_ACTIVE"
    SLOTS_AVAILABLE = "SLOTS_AVAILABLE"
    ESTIMATED_WAIT_TIME = "ESTIMATED_WAIT_TIME"


SECONDS_METRICS = frozenset({CurrentMetric.OLDEST_CONTACT_AGE, CurrentMetric.ESTIMATED_WAIT_TIME})
"""Metrics whose unit is SECONDS; every other one is a COUNT."""


class Grouping(StrEnum):
    QUEUE = "QUEUE"
    CHANNEL = "CHANNEL"
    ROUTING_PROFILE = "ROUTING_PROFILE"
    ROUTING_STEP_EXPRESSION = "ROUTING_STEP_EXPRESSION"
    AGENT_STATUS = "AGENT_STATUS"


@dataclass(frozen=True, slots=True)
class StepExpression:
    """A RoutingStepExpressions filter entry: the text as given and its canonical key."""

    text: str
    key: str


@dataclass(frozen=True, slots=True)
class RealtimeQuery:
    metrics: tuple[CurrentMetric, ...]
    queue_ids: tuple[str, ...] = ()
    profile_ids: tuple[str, ...] = ()
    channels: tuple[Channel, ...] = ()
    steps: tuple[StepExpression, ...] = ()
    agent_status_ids: tuple[str, ...] = ()
    groupings: tuple[Grouping, ...] = ()


@dataclass(frozen=True, slots=True)
class RowKey:
    """The dimensions of one result row (None: not grouped by it)."""

    queue_id: str | None = None
    channel: Channel | None = None
    profile_id: str | None = None
    step: StepExpression | None = None
    agent_status_id: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    key: RowKey
    values: tuple[float | None, ...]


Pair = tuple[str, Channel]


@dataclass(frozen=True, slots=True)
class _Pool:
    queue_id: str
    channel: Channel
    step: StepExpression | None


@dataclass(frozen=True, slots=True)
class _Unit:
    """`count` alike agents of one profile that serve the same pairs of the scope (R3.3.1):
    every row takes all of them or none."""

    profile_id: str
    pairs: frozenset[Pair]
    tally: AgentTally
    count: int


@dataclass(slots=True)
class _Scope:
    channels: tuple[Channel, ...]
    pairs: list[Pair]
    units: list[_Unit]
    pools: list[_Pool]
    profile_pairs: dict[str, set[Pair]]


class RealtimeMetrics:
    """Computes GetCurrentMetricData rows for one instance at one instant.

    `tallies` keeps the grouped agents between requests while the engine's state does not
    change (one per contact center); without it every call groups the agents afresh.
    """

    def __init__(
        self,
        engine: RoutingEngine,
        stats: OnlineStats,
        estimator: WaitTimeEstimator,
        now: int,
        tallies: AgentTallies | None = None,
    ) -> None:
        self.engine = engine
        self.stats = stats
        self.estimator = estimator
        self.now = now
        self.tallies = AgentTallies() if tallies is None else tallies

    def rows(self, query: RealtimeQuery) -> list[Row]:
        """Every row with data, unsorted; values follow `query.metrics`."""
        scope = self._scope(query)
        grouped = bool(query.groupings)
        rows = []
        for key in self._row_keys(query, scope):
            units = [u for u in scope.units if _unit_in(key, u)]
            pools = [p for p in scope.pools if _pool_in(key, scope, p)]
            channels = (key.channel,) if key.channel is not None else scope.channels
            online = sum(u.count * u.tally.online for u in units)
            waiting = sum(self._waiting(p) for p in pools)
            if online == 0 and waiting == 0:
                continue  # R3.2.2 ASSUMPTION: a combination with no data is left out
            values = tuple(
                self.metric_value(m, units, pools, channels, grouped) for m in query.metrics
            )
            rows.append(Row(key, values))
        return rows

    def metric_value(
        self,
        metric: CurrentMetric,
        units: list[_Unit],
        pools: list[_Pool],
        channels: tuple[Channel, ...],
        grouped: bool,
    ) -> float | None:
        m = CurrentMetric
        field = _AGENT_FLAGS.get(metric)
        if field is not None:  # R3.4.1-R3.4.4, R3.4.6, R3.4.7
            return float(sum(u.count * getattr(u.tally, field) for u in units))
        field = _AGENT_PER_CHANNEL.get(metric)
        if field is not None:  # R3.4.5 (QUIRK: contacts in ACW), R3.4.11, R3.4.12
            at = [CHANNEL_INDEX[c] for c in channels]
            return float(sum(u.count * sum(getattr(u.tally, field)[i] for i in at) for u in units))
        if metric is m.CONTACTS_IN_QUEUE:  # R3.4.8
            return float(sum(self._waiting(p) for p in pools))
        if metric is m.CONTACTS_SCHEDULED:  # R3.4.9: no callbacks modelled
            return 0.0
        if metric is m.OLDEST_CONTACT_AGE:  # R3.4.10, R3.2.3
            oldest = [t for p in pools if (t := self._oldest(p)) is not None]
            if not oldest:
                return 0.0
            age_ms = max(0, self.now - min(oldest))
            return float(age_ms // 1000) if grouped else float(age_ms)
        return self._queue_ewt(pools)  # ESTIMATED_WAIT_TIME, R2.3.2

    # ------------------------------------------------------------ scope and rows

    def _scope(self, query: RealtimeQuery) -> _Scope:
        engine = self.engine
        channels = query.channels or CHANNELS
        pairs: list[Pair] = []
        profile_pairs: dict[str, set[Pair]] = {}
        owned: dict[str, set[Pair]] = {}  # agent-queue owner -> its pairs in scope (R1.1.4)
        if query.queue_ids:
            pairs = [(q, c) for q in query.queue_ids for c in channels]
            for pair in pairs:
                serving = engine.serving(*pair)
                for profile_id, _ in serving:
                    profile_pairs.setdefault(profile_id, set()).add(pair)
                if not serving:  # an agent queue (or nobody routes it): its owner, if any
                    for user_id in engine.agents_serving(*pair):
                        owned.setdefault(user_id, set()).add(pair)
        else:
            seen: set[Pair] = set()
            for profile_id in query.profile_ids:
                profile = engine.profile(profile_id)
                routed = {
                    (e.queue_id, e.channel)
                    for e in profile.queues
                    if e.channel in channels and profile.concurrency.get(e.channel, 0) > 0
                }
                profile_pairs[profile_id] = routed
                pairs.extend(sorted(routed - seen))
                seen |= routed
        units = self._units(profile_pairs, owned)
        if query.agent_status_ids:
            wanted = set(query.agent_status_ids)
            units = [u for u in units if u.tally.status_id in wanted]
        if query.steps:
            pools = [_Pool(q, c, s) for q, c in pairs for s in query.steps]
        else:
            pools = [_Pool(q, c, None) for q, c in pairs]
        return _Scope(channels, pairs, units, pools, profile_pairs)

    def _units(
        self, profile_pairs: dict[str, set[Pair]], owned: dict[str, set[Pair]]
    ) -> list[_Unit]:
        """The agents in scope: each profile's agents serve its pairs; an agent-queue owner
        also serves its own queue's pairs, so it is counted on its own."""
        engine = self.engine
        alone: dict[str, list[AgentTally]] = {}
        units = []
        for user_id, pairs in owned.items():
            profile_id, tally = agent_tally(engine, user_id)
            mine = pairs | profile_pairs.get(profile_id, set())
            units.append(_Unit(profile_id, frozenset(mine), tally, 1))
            alone.setdefault(profile_id, []).append(tally)
        for profile_id, pairs in profile_pairs.items():
            counts = dict(self.tallies.profile(engine, profile_id))
            for tally in alone.get(profile_id, ()):
                counts[tally] -= 1
            frozen = frozenset(pairs)
            units.extend(_Unit(profile_id, frozen, t, n) for t, n in counts.items() if n > 0)
        return units

    def _row_keys(self, query: RealtimeQuery, scope: _Scope) -> list[RowKey]:
        axes: list[list[tuple[Grouping, _Value]]] = []
        for grouping in query.groupings:
            if grouping is Grouping.QUEUE:
                queues = list(dict.fromkeys(q for q, _ in scope.pairs))
                axes.append([(grouping, q) for q in queues])
            elif grouping is Grouping.CHANNEL:
                axes.append([(grouping, c) for c in scope.channels])
            elif grouping is Grouping.ROUTING_PROFILE:
                profiles = query.profile_ids or tuple(sorted(scope.profile_pairs))
                axes.append([(grouping, p) for p in profiles])
            elif grouping is Grouping.ROUTING_STEP_EXPRESSION:
                axes.append([(grouping, s) for s in query.steps])
            else:
                statuses = query.agent_status_ids or tuple(
                    sorted({u.tally.status_id for u in scope.units})
                )
                axes.append([(grouping, s) for s in statuses])
        return [_row_key(combo) for combo in product(*axes)]

    # ------------------------------------------------------------ engine reads

    def _waiting(self, pool: _Pool) -> int:
        if pool.step is None:
            return self.engine.waiting_count(pool.queue_id, pool.channel)
        counts = self.engine.waiting_by_step(pool.queue_id, pool.channel)
        return counts.get(pool.step.key, 0)

    def _oldest(self, pool: _Pool) -> int | None:
        if pool.step is None:
            return self.engine.oldest_enqueued_at(pool.queue_id, pool.channel)
        return self.engine.oldest_in_step(pool.queue_id, pool.channel, pool.step.key)

    def _queue_ewt(self, pools: list[_Pool]) -> float | None:
        """R2.3.2: the wait of a new contact joining the one (queue, channel[, step]) pool."""
        if len(pools) != 1:
            return None
        pool = pools[0]
        seconds = queue_wait_s(
            self.engine, self.stats, self.estimator, pool.queue_id, pool.channel,
            self._waiting(pool),
        )  # fmt: skip
        return None if seconds is None else float(seconds)


_AGENT_FLAGS: dict[CurrentMetric, str] = {
    CurrentMetric.AGENTS_ONLINE: "online",
    CurrentMetric.AGENTS_AVAILABLE: "available",
    CurrentMetric.AGENTS_ON_CALL: "on_contact",
    CurrentMetric.AGENTS_ON_CONTACT: "on_contact",
    CurrentMetric.AGENTS_NON_PRODUCTIVE: "non_productive",
    CurrentMetric.AGENTS_ERROR: "error",
    CurrentMetric.AGENTS_STAFFED: "staffed",
}
_AGENT_PER_CHANNEL: dict[CurrentMetric, str] = {
    CurrentMetric.AGENTS_AFTER_CONTACT_WORK: "acw",
    CurrentMetric.SLOTS_ACTIVE: "active",
    CurrentMetric.SLOTS_AVAILABLE: "free",
}


def queue_wait_s(
    engine: RoutingEngine,
    stats: OnlineStats,
    estimator: WaitTimeEstimator,
    queue_id: str,
    channel: Channel,
    waiting: int | None = None,
) -> int | None:
    """Queue-level ESTIMATED_WAIT_TIME (R2.3.2): whole seconds a contact entering (queue,
    channel) now would wait behind the `waiting` contacts (default: all waiting there)."""
    ahead = engine.waiting_count(queue_id, channel) if waiting is None else waiting
    estimate = estimator.estimate(wait_context(engine, stats, queue_id, channel, ahead, 0))
    return None if estimate is None else round(estimate.mean_s)


_Value = str | Channel | StepExpression


def _row_key(combo: Iterable[tuple[Grouping, _Value]]) -> RowKey:
    queue_id = profile_id = status_id = None
    channel = None
    step = None
    for grouping, value in combo:
        if isinstance(value, StepExpression):
            step = value
        elif isinstance(value, Channel):
            channel = value
        elif grouping is Grouping.QUEUE:
            queue_id = value
        elif grouping is Grouping.ROUTING_PROFILE:
            profile_id = value
        else:
            status_id = value
    return RowKey(queue_id, channel, profile_id, step, status_id)


def _unit_in(key: RowKey, unit: _Unit) -> bool:
    if key.profile_id is not None and unit.profile_id != key.profile_id:
        return False
    if key.agent_status_id is not None and unit.tally.status_id != key.agent_status_id:
        return False
    if key.queue_id is None and key.channel is None:
        return True
    return any(
        (key.queue_id is None or q == key.queue_id) and (key.channel is None or c == key.channel)
        for q, c in unit.pairs
    )


def _pool_in(key: RowKey, scope: _Scope, pool: _Pool) -> bool:
    if key.queue_id is not None and pool.queue_id != key.queue_id:
        return False
    if key.channel is not None and pool.channel != key.channel:
        return False
    if key.step is not None and pool.step != key.step:
        return False
    if key.agent_status_id is not None:  # contacts have no agent status: agent rows only
        return False
    if key.profile_id is not None:
        return (pool.queue_id, pool.channel) in scope.profile_pairs.get(key.profile_id, set())
    return True
