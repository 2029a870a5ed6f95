"""The straightforward GetCurrentMetricData computation, kept as the oracle of the fast one.

It walks every agent of the scope for every row and reads each one through
`RoutingEngine.agent_state`, exactly as R3.3.1/R3.4 define the populations and the values, with
no grouping and nothing kept between calls. `domain.metrics.realtime` must give the same rows
(`test_realtime_equivalence.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import product

from switchboard.domain.channel import Channel
from switchboard.domain.metrics.ewt import WaitTimeEstimator
from switchboard.domain.metrics.learning import OnlineStats
from switchboard.domain.metrics.realtime import (
    CurrentMetric,
    Grouping,
    RealtimeQuery,
    Row,
    RowKey,
    StepExpression,
    queue_wait_s,
)
from switchboard.domain.routing.engine import RoutingEngine
from switchboard.domain.routing.types import BLOCKING_STATES, AgentContactState, StatusKind
from switchboard.domain.routing.views import AgentView

Pair = tuple[str, Channel]
Pool = tuple[str, Channel, StepExpression | None]
_ON_CONTACT = frozenset(
    {AgentContactState.CONNECTED, AgentContactState.CONNECTED_ONHOLD, AgentContactState.ENDED}
)


def reference_rows(
    engine: RoutingEngine,
    stats: OnlineStats,
    estimator: WaitTimeEstimator,
    now: int,
    query: RealtimeQuery,
) -> list[Row]:
    channels = query.channels or tuple(Channel)
    pairs: list[Pair] = []
    members: dict[str, set[Pair]] = {}
    profile_pairs: dict[str, set[Pair]] = {}
    if query.queue_ids:
        pairs = [(q, c) for q in query.queue_ids for c in channels]
        for pair in pairs:
            for user_id in engine.agents_serving(*pair):
                members.setdefault(user_id, set()).add(pair)
            for profile_id, _ in engine.serving(*pair):
                profile_pairs.setdefault(profile_id, set()).add(pair)
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
            for user_id in engine.profile_agents(profile_id):
                members.setdefault(user_id, set()).update(routed)
    views = {uid: engine.agent_state(uid) for uid in sorted(members)}
    if query.agent_status_ids:
        views = {u: v for u, v in views.items() if v.status.status_id in query.agent_status_ids}
    steps: Iterable[StepExpression | None] = query.steps or (None,)
    pools: list[Pool] = [(q, c, s) for q, c in pairs for s in steps]

    def waiting(pool: Pool) -> int:
        q, c, step = pool
        if step is None:
            return engine.waiting_count(q, c)
        return engine.waiting_by_step(q, c).get(step.key, 0)

    def agent_in(key: RowKey, uid: str, view: AgentView) -> bool:
        if key.profile_id is not None and view.profile_id != key.profile_id:
            return False
        if key.agent_status_id is not None and view.status.status_id != key.agent_status_id:
            return False
        return any(
            (key.queue_id is None or q == key.queue_id)
            and (key.channel is None or c == key.channel)
            for q, c in members[uid]
        ) or (key.queue_id is None and key.channel is None)

    def pool_in(key: RowKey, pool: Pool) -> bool:
        q, c, step = pool
        if key.queue_id not in (None, q) or key.channel not in (None, c):
            return False
        if key.step is not None and step != key.step:
            return False
        if key.agent_status_id is not None:
            return False
        return key.profile_id is None or (q, c) in profile_pairs.get(key.profile_id, set())

    rows = []
    for key in _row_keys(query, pairs, channels, profile_pairs, views):
        agents = [v for uid, v in views.items() if agent_in(key, uid, v)]
        mine = [p for p in pools if pool_in(key, p)]
        row_channels = (key.channel,) if key.channel is not None else channels
        online = sum(1 for v in agents if v.status.kind is not StatusKind.OFFLINE)
        if online == 0 and sum(waiting(p) for p in mine) == 0:
            continue
        values = tuple(
            _value(m, engine, stats, estimator, now, agents, mine, row_channels, waiting,
                   bool(query.groupings))
            for m in query.metrics
        )  # fmt: skip
        rows.append(Row(key, values))
    return rows


def _row_keys(
    query: RealtimeQuery,
    pairs: list[Pair],
    channels: tuple[Channel, ...],
    profile_pairs: dict[str, set[Pair]],
    views: dict[str, AgentView],
) -> list[RowKey]:
    axes: list[list[tuple[Grouping, object]]] = []
    for g in query.groupings:
        if g is Grouping.QUEUE:
            axes.append([(g, q) for q in dict.fromkeys(q for q, _ in pairs)])
        elif g is Grouping.CHANNEL:
            axes.append([(g, c) for c in channels])
        elif g is Grouping.ROUTING_PROFILE:
            axes.append([(g, p) for p in query.profile_ids or sorted(profile_pairs)])
        elif g is Grouping.ROUTING_STEP_EXPRESSION:
            axes.append([(g, s) for s in query.steps])
        else:
            statuses = query.agent_status_ids or sorted(
                {v.status.status_id for v in views.values()}
            )
            axes.append([(g, s) for s in statuses])
    keys = []
    for combo in product(*axes):
        fields: dict[str, object] = {}
        for g, value in combo:
            name = {Grouping.QUEUE: "queue_id", Grouping.CHANNEL: "channel",
                    Grouping.ROUTING_PROFILE: "profile_id", Grouping.ROUTING_STEP_EXPRESSION: "step",
                    Grouping.AGENT_STATUS: "agent_status_id"}[g]  # fmt: skip
            fields[name] = value
        keys.append(RowKey(**fields))  # type: ignore[arg-type]
    return keys


def _value(
    metric: CurrentMetric,
    engine: RoutingEngine,
    stats: OnlineStats,
    estimator: WaitTimeEstimator,
    now: int,
    agents: list[AgentView],
    pools: list[Pool],
    channels: tuple[Channel, ...],
    waiting: Callable[[Pool], int],
    grouped: bool,
) -> float | None:
    m = CurrentMetric
    if metric is m.AGENTS_ONLINE:
        return float(sum(v.status.kind is not StatusKind.OFFLINE for v in agents))
    if metric is m.AGENTS_AVAILABLE:
        return float(
            sum(
                v.status.kind is StatusKind.ROUTABLE and not v.contacts and v.next_status is None
                for v in agents
            )
        )
    if metric in (m.AGENTS_ON_CALL, m.AGENTS_ON_CONTACT):
        return float(sum(any(c.state in _ON_CONTACT for c in v.contacts) for v in agents))
    if metric is m.AGENTS_NON_PRODUCTIVE:
        return float(sum(v.status.kind is StatusKind.CUSTOM for v in agents))
    if metric is m.AGENTS_AFTER_CONTACT_WORK:
        return float(
            sum(
                c.state is AgentContactState.ENDED and c.channel in channels
                for v in agents
                for c in v.contacts
            )
        )
    if metric is m.AGENTS_ERROR:
        return float(sum(any(c.state in BLOCKING_STATES for c in v.contacts) for v in agents))
    if metric is m.AGENTS_STAFFED:
        return float(sum(v.status.kind is StatusKind.ROUTABLE for v in agents))
    if metric is m.CONTACTS_IN_QUEUE:
        return float(sum(waiting(p) for p in pools))
    if metric is m.CONTACTS_SCHEDULED:
        return 0.0
    if metric is m.OLDEST_CONTACT_AGE:
        oldest = [
            t
            for q, c, s in pools
            if (t := engine.oldest_enqueued_at(q, c) if s is None else
                engine.oldest_in_step(q, c, s.key)) is not None
        ]  # fmt: skip
        if not oldest:
            return 0.0
        age_ms = max(0, now - min(oldest))
        return float(age_ms // 1000) if grouped else float(age_ms)
    if metric is m.SLOTS_ACTIVE:
        return float(
            sum(
                c.state in _ON_CONTACT and c.channel in channels for v in agents for c in v.contacts
            )
        )
    if metric is m.SLOTS_AVAILABLE:
        free = 0
        for v in agents:
            cap = engine.profile(v.profile_id).concurrency
            for channel in channels:
                if channel in v.ready_channels:
                    used = sum(1 for c in v.contacts if c.channel is channel)
                    free += max(0, cap.get(channel, 0) - used)
        return float(free)
    if len(pools) != 1:  # ESTIMATED_WAIT_TIME
        return None
    q, c, _ = pools[0]
    seconds = queue_wait_s(engine, stats, estimator, q, c, waiting(pools[0]))
    return None if seconds is None else float(seconds)
