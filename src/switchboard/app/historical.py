"""Historical metrics use case (GetMetricData, GetMetricDataV2): metrics in, rows out.

The store computes additive aggregates with SQL, one query per attribution basis
(`domain.metrics.historical.Basis`); this module plans those queries, maps the store's group
keys to the request's dimensions, merges, and derives each metric's value::

    request ──plan──> HistoricalQuery per basis ──store (SQL)──> HistoricalRow
        HistoricalRow ──keys -> dimensions (agent -> routing profile, agent -> its queues)──>
        merged aggregates per (interval, dimensions) ──Metric.value──> MetricRow

Routing profiles are resolved through agents: a contact counts under the current routing
profile of the agent it was connected to, and an agent's time under the agent's current
profile (ASSUMPTION, docs/design/metrics-historical.md). Contacts never connected to an agent
have no routing profile.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from switchboard.app.ports import HistoricalQuery, Store
from switchboard.app.state import InstanceState, plain_id
from switchboard.domain.channel import Channel
from switchboard.domain.metrics.historical import Aggregate, Basis, Fact, Metric, bucket_ms
from switchboard.domain.resources.queue import Queue
from switchboard.domain.resources.routing_profile import RoutingProfile
from switchboard.domain.resources.user import User

QUEUE, CHANNEL, ROUTING_PROFILE, AGENT = "QUEUE", "CHANNEL", "ROUTING_PROFILE", "AGENT"
_SQL_COLUMN = {
    QUEUE: "queue_id",
    CHANNEL: "channel",
    ROUTING_PROFILE: "agent_id",
    AGENT: "agent_id",
}

Dims = tuple[str | None, ...]
Key = tuple[int, Dims]


@dataclass(frozen=True, slots=True)
class HistoricalRequest:
    """A validated request. Ids are plain ids; empty filters mean "all"."""

    metrics: tuple[Metric, ...]
    start: int
    end: int
    period: str = "TOTAL"
    group_by: tuple[str, ...] = ()
    queue_ids: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    profile_ids: tuple[str, ...] = ()
    agent_ids: tuple[str, ...] = ()
    #: An interval width none of the API's periods has (the simulator's scenario intervals);
    #: 0 = the width of `period`.
    interval_ms: int = 0

    @property
    def width_ms(self) -> int:
        """Bucket width for the store; 0 = one bucket for the whole range (TOTAL)."""
        return self.interval_ms or bucket_ms(self.period)


@dataclass(frozen=True, slots=True)
class MetricRow:
    start: int
    end: int
    dimensions: Dims  # in `group_by` order
    values: tuple[float | None, ...]  # in `metrics` order


def require_known(state: InstanceState, request: HistoricalRequest) -> None:
    """R9.2: an unknown queue, routing profile or agent in a filter is ResourceNotFound."""
    for cls, ids in (
        (Queue, request.queue_ids),
        (RoutingProfile, request.profile_ids),
        (User, request.agent_ids),
    ):
        for entity_id in ids:
            state.require(cls, entity_id)


def metric_rows(
    state: InstanceState, store: Store, request: HistoricalRequest, now: int
) -> list[MetricRow]:
    """Every row with data, sorted by interval start, then dimensions."""
    scope = _agent_scope(state, request)
    if scope == ():
        return []
    needs: dict[Basis, list[Aggregate]] = defaultdict(list)
    for metric in request.metrics:
        for agg in metric.needs:
            if agg not in needs[agg.basis]:
                needs[agg.basis].append(agg)
    merged: dict[Key, dict[Aggregate, int | None]] = {}
    for basis, aggregates in needs.items():
        if basis is Basis.AGENT:
            _merge_agent_time(state, store, request, scope, tuple(aggregates), now, merged)
        else:
            _merge_contacts(state, store, request, scope, basis, tuple(aggregates), merged)
    width = request.width_ms
    rows = []
    for (bucket, dims), values in merged.items():
        start = request.start + bucket * width
        end = min(start + width, request.end) if width else request.end
        rows.append(MetricRow(start, end, dims, tuple(m.value(values) for m in request.metrics)))
    rows.sort(key=lambda r: (r.start, tuple((d is None, d or "") for d in r.dimensions)))
    return rows


def _agent_scope(state: InstanceState, request: HistoricalRequest) -> tuple[str, ...] | None:
    scope: set[str] | None = None
    if request.profile_ids:
        wanted = set(request.profile_ids)
        scope = {u.id for u in state.all(User) if u.routing_profile_id in wanted}
    if request.agent_ids:
        scope = set(request.agent_ids) if scope is None else scope & set(request.agent_ids)
    return None if scope is None else tuple(sorted(scope))


def _merge_contacts(
    state: InstanceState,
    store: Store,
    request: HistoricalRequest,
    scope: tuple[str, ...] | None,
    basis: Basis,
    aggregates: tuple[Aggregate, ...],
    merged: dict[Key, dict[Aggregate, int | None]],
) -> None:
    columns: tuple[str, ...] = ()
    queue_ids, channels = request.queue_ids, request.channels
    if request.group_by:
        # Always (queue, channel) with explicit lists: the store reads its queue-led index in
        # group order instead of sorting; rows are merged back to the requested dimensions.
        columns = ("queue_id", "channel")
        if AGENT in request.group_by or ROUTING_PROFILE in request.group_by:
            columns += ("agent_id",)
        queue_ids = queue_ids or tuple(q.id for q in state.all(Queue))
        channels = channels or tuple(c.value for c in Channel)
        if not queue_ids:
            return
    query = HistoricalQuery(
        state.instance_id,
        basis,
        request.start,
        request.end,
        aggregates,
        request.width_ms,
        columns,
        queue_ids,
        channels,
        scope or (),
    )
    profiles = _profiles_of(state) if ROUTING_PROFILE in request.group_by else {}
    for row in store.historical(query):
        by_column = dict(zip(columns, row.keys, strict=True))
        dims: list[str | None] = []
        for grouping in request.group_by:
            value = by_column[_SQL_COLUMN[grouping]]
            if grouping == ROUTING_PROFILE:
                value = profiles.get(value or "")
                if value is None:
                    break  # no agent (or a deleted one): no routing profile to count under
            dims.append(value)
        else:
            _add(merged, (row.bucket, tuple(dims)), zip(aggregates, row.values, strict=True))


def _merge_agent_time(
    state: InstanceState,
    store: Store,
    request: HistoricalRequest,
    scope: tuple[str, ...] | None,
    aggregates: tuple[Aggregate, ...],
    now: int,
    merged: dict[Key, dict[Aggregate, int | None]],
) -> None:
    per_agent = bool(request.group_by or request.queue_ids or request.channels)
    query = HistoricalQuery(
        state.instance_id,
        Basis.AGENT,
        request.start,
        min(request.end, max(now, request.start)),
        aggregates,
        request.width_ms,
        ("agent_id",) if per_agent else (),
        agent_ids=scope or (),
        now=now,
    )
    users = {u.id: u for u in state.all(User)}
    profiles = {p.id: p for p in state.all(RoutingProfile)}
    for row in store.historical(query):
        values = list(zip(aggregates, row.values, strict=True))
        if not per_agent:
            _add(merged, (row.bucket, ()), values)
            continue
        user = users.get(row.keys[0] or "")
        if user is None:
            continue
        for dims in _agent_dims(user, profiles.get(user.routing_profile_id), request):
            _add(merged, (row.bucket, dims), values)


def _agent_dims(
    user: User, profile: RoutingProfile | None, request: HistoricalRequest
) -> list[Dims]:
    """The rows an agent's time counts in: its profile's (queue, channel) pairs when grouped
    or filtered by queue or channel (v1 OCCUPANCY, ASSUMPTION), else its own row."""
    pairs: list[tuple[str, str]] = []
    if profile is not None:
        pairs = [(c.queue_id, c.channel.value) for c in profile.queue_configs]
    if request.queue_ids:
        pairs = [p for p in pairs if p[0] in request.queue_ids]
    if request.channels:
        pairs = [p for p in pairs if p[1] in request.channels]
    if (request.queue_ids or request.channels) and not pairs:
        return []
    wants_pairs = QUEUE in request.group_by or CHANNEL in request.group_by
    out: dict[Dims, None] = {}
    for queue_id, channel in pairs if wants_pairs else [("", "")]:
        dims: list[str | None] = []
        for grouping in request.group_by:
            dims.append(
                {
                    QUEUE: queue_id,
                    CHANNEL: channel,
                    ROUTING_PROFILE: user.routing_profile_id,
                    AGENT: user.id,
                }[grouping]
            )
        out[tuple(dims)] = None
    return list(out)


def _profiles_of(state: InstanceState) -> dict[str, str]:
    return {u.id: u.routing_profile_id for u in state.all(User) if u.routing_profile_id}


def _add(
    merged: dict[Key, dict[Aggregate, int | None]],
    key: Key,
    values: Iterable[tuple[Aggregate, int | None]],
) -> None:
    into = merged.setdefault(key, {})
    for agg, value in values:
        if value is None:
            into.setdefault(agg, None)
            continue
        before = into.get(agg)
        if before is None:
            into[agg] = value
        elif agg.fact is Fact.MAX_QUEUE_MS:
            into[agg] = max(before, value)
        else:
            into[agg] = before + value


def plain_ids(values: Iterable[str]) -> tuple[str, ...]:
    """Ids or ARNs (Connect accepts both in filters) -> ids, order kept, duplicates dropped."""
    return tuple(dict.fromkeys(plain_id(v) for v in values))
