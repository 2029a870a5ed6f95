"""Real-time metric use cases: GetContactMetrics (R2.1) and GetCurrentMetricData (R3.1-R3.4).

Validation lives here (the documented filter/grouping rules, R3.1.x; R9.2: rule violations are
`InvalidArgumentError` -> InvalidParameterException, unknown resources `NotFoundError`); the
numbers come from `domain.metrics`. Nothing here touches the store on the hot path:
GetContactMetrics reads the engine only (O(log n) + O(agents serving the queue)).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from switchboard.app.center.center import ContactCenter
from switchboard.app.state import plain_id
from switchboard.domain.channel import Channel
from switchboard.domain.errors import (
    ContactNotFoundError,
    DomainError,
    InvalidArgumentError,
    NotFoundError,
)
from switchboard.domain.flows.criteria_parse import parse_expression
from switchboard.domain.metrics.contact import (
    ContactMetricName,
    ContactMetrics,
    ContactNotInQueueError,
    contact_metrics,
)
from switchboard.domain.metrics.realtime import (
    SECONDS_METRICS,
    CurrentMetric,
    Grouping,
    RealtimeMetrics,
    RealtimeQuery,
    Row,
    StepExpression,
)
from switchboard.domain.resources.agent_status import AgentStatus
from switchboard.domain.resources.queue import Queue
from switchboard.domain.resources.routing_profile import RoutingProfile
from switchboard.domain.routing.criteria import canonical_json

MAX_AGENT_STATUSES = 50  # R3.1.1
_CONTACT_METRICS = frozenset(m.value for m in ContactMetricName)
UNSORTABLE = frozenset({CurrentMetric.SLOTS_ACTIVE, CurrentMetric.SLOTS_AVAILABLE})  # R3.1.5
_QUEUE_ONLY = frozenset(
    {
        CurrentMetric.CONTACTS_SCHEDULED,
        CurrentMetric.CONTACTS_IN_QUEUE,
        CurrentMetric.OLDEST_CONTACT_AGE,
    }
)


# ---------------------------------------------------------------- GetContactMetrics


def get_contact_metrics(
    center: ContactCenter, contact_id_or_arn: str, names: list[str]
) -> tuple[str, ContactMetrics]:
    """Position and estimated wait of a queued contact (R2.1).

    Raises: InvalidArgumentError (empty or repeated metric names), ContactNotFoundError
    (unknown contact), ContactNotInQueueError (the contact exists but is not waiting).
    """
    if not names:
        raise InvalidArgumentError("Metrics", "give at least one metric")
    if len(set(names)) != len(names):
        raise InvalidArgumentError("Metrics", "a metric name appears more than once")
    for name in names:
        if name not in _CONTACT_METRICS:  # the wire model checks the enum; callers may not
            raise InvalidArgumentError("Metrics", f"unknown metric {name}")
    contact_id = plain_id(contact_id_or_arn)
    engine = center.engine
    if not engine.has_contact(contact_id):
        if center.find_contact(contact_id) is None:
            raise ContactNotFoundError(contact_id)
        raise ContactNotInQueueError(contact_id)
    found = contact_metrics(
        engine,
        center.tracker.stats,
        center.estimator,
        contact_id,
        center.now(),
        with_estimate=ContactMetricName.ESTIMATED_WAIT_TIME in names,
    )
    return contact_id, found


# ---------------------------------------------------------------- GetCurrentMetricData


@dataclass(frozen=True, slots=True)
class MetricAsked:
    """One `CurrentMetrics` entry: the metric and the unit to echo back."""

    metric: CurrentMetric
    unit: str


@dataclass(frozen=True, slots=True)
class CurrentMetricRequest:
    metrics: tuple[MetricAsked, ...]
    queues: tuple[str, ...] = ()
    routing_profiles: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    step_expressions: tuple[str, ...] = ()
    agent_statuses: tuple[str, ...] = ()
    has_subtypes: bool = False
    groupings: tuple[str, ...] = ()
    sort_metric: str | None = None
    sort_descending: bool = True


@dataclass(frozen=True, slots=True)
class CurrentMetricResult:
    rows: list[Row]
    metrics: tuple[MetricAsked, ...]
    snapshot_at: int


def metric_asked(name: str | None, metric_id: str | None, unit: str | None) -> MetricAsked:
    """Validate one `CurrentMetrics` entry (R3.1.4)."""
    if name is None:
        if metric_id is not None:
            raise InvalidArgumentError(
                "CurrentMetrics", "custom metrics (MetricId) are not supported"
            )
        raise InvalidArgumentError("CurrentMetrics", "each metric needs a Name")
    metric = CurrentMetric(name)
    documented = "SECONDS" if metric in SECONDS_METRICS else "COUNT"
    if unit is not None and unit != documented:  # R3.1.4 ASSUMPTION
        raise InvalidArgumentError("CurrentMetrics", f"the unit of {name} is {documented}")
    return MetricAsked(metric, documented)


def get_current_metric_data(
    center: ContactCenter, req: CurrentMetricRequest
) -> CurrentMetricResult:
    """Rows of GetCurrentMetricData, validated (R3.1) and sorted (R3.1.5); paging is the
    caller's (the rows are recomputed on every page)."""
    query, sort_metric = _query(center, req)
    now = center.now()
    computed = RealtimeMetrics(
        center.engine, center.tracker.stats, center.estimator, now, center.agent_tallies
    )
    metrics = query.metrics if sort_metric in query.metrics else (*query.metrics, sort_metric)
    rows = computed.rows(replace(query, metrics=metrics))
    col = metrics.index(sort_metric)
    present = [r for r in rows if r.values[col] is not None]
    absent = [r for r in rows if r.values[col] is None]
    for group in (present, absent):
        group.sort(key=_dimension_ids)  # R3.1.5 ASSUMPTION: ties by dimension id
    present.sort(key=lambda r: r.values[col] or 0.0, reverse=req.sort_descending)
    ordered = present + absent
    if len(metrics) != len(query.metrics):
        ordered = [Row(r.key, r.values[: len(query.metrics)]) for r in ordered]
    return CurrentMetricResult(ordered, req.metrics, now)


def _dimension_ids(row: Row) -> tuple[str, ...]:
    k = row.key
    return (
        k.queue_id or "",
        k.channel or "",
        k.profile_id or "",
        k.step.text if k.step else "",
        k.agent_status_id or "",
    )


def _query(center: ContactCenter, req: CurrentMetricRequest) -> tuple[RealtimeQuery, CurrentMetric]:
    if not req.metrics:
        raise InvalidArgumentError("CurrentMetrics", "give at least one metric")
    metrics = tuple(m.metric for m in req.metrics)
    if bool(req.queues) == bool(req.routing_profiles):  # R3.1.1
        raise InvalidArgumentError(
            "Filters", "give exactly one of Queues or RoutingProfiles as the main filter"
        )
    groupings = tuple(Grouping(g) if g in Grouping.__members__ else g for g in req.groupings)
    if len(set(groupings)) != len(groupings):
        raise InvalidArgumentError("Groupings", "a grouping appears more than once")
    for g in groupings:
        if not isinstance(g, Grouping):  # SUBTYPE, VALIDATION_TEST_TYPE
            if groupings[0] != Grouping.QUEUE or g == groupings[0]:  # R3.1.3
                raise InvalidArgumentError("Groupings", f"{g} needs QUEUE as the primary grouping")
            raise InvalidArgumentError("Groupings", f"grouping by {g} is not supported")
    typed: tuple[Grouping, ...] = tuple(g for g in groupings if isinstance(g, Grouping))
    if req.has_subtypes and not req.queues:  # R3.1.2
        raise InvalidArgumentError(
            "Filters", "Subtypes and ValidationTestTypes need a Queues filter"
        )
    if len(req.agent_statuses) > MAX_AGENT_STATUSES:
        raise InvalidArgumentError("Filters.AgentStatuses", "at most 50 agent statuses")
    if Grouping.AGENT_STATUS in typed:  # R3.1.3
        if typed[0] is not Grouping.QUEUE or not req.queues:
            raise InvalidArgumentError(
                "Groupings", "AGENT_STATUS needs QUEUE as the primary grouping and a Queues filter"
            )
        if set(metrics) != {CurrentMetric.AGENTS_ONLINE}:
            raise InvalidArgumentError("CurrentMetrics", "AGENT_STATUS supports only AGENTS_ONLINE")
    if (
        Grouping.ROUTING_PROFILE in typed
        and not req.routing_profiles
        and _QUEUE_ONLY & set(metrics)
    ):
        raise InvalidArgumentError(
            "Filters",
            "grouping by ROUTING_PROFILE with CONTACTS_SCHEDULED, CONTACTS_IN_QUEUE or "
            "OLDEST_CONTACT_AGE needs a RoutingProfiles filter",
        )
    if req.step_expressions:  # R3.1.2
        if len(req.queues) != 1 or Grouping.ROUTING_STEP_EXPRESSION not in typed:
            raise InvalidArgumentError(
                "Filters.RoutingStepExpressions",
                "needs exactly one queue and the ROUTING_STEP_EXPRESSION grouping",
            )
    elif Grouping.ROUTING_STEP_EXPRESSION in typed:
        raise InvalidArgumentError(
            "Groupings", "ROUTING_STEP_EXPRESSION needs a RoutingStepExpressions filter"
        )
    if CurrentMetric.ESTIMATED_WAIT_TIME in metrics:
        _check_ewt_shape(req, typed)
    sort_metric = CurrentMetric.AGENTS_ONLINE  # R3.1.5 default
    if req.sort_metric is not None:
        sort_metric = CurrentMetric(req.sort_metric)
        if sort_metric in UNSORTABLE:
            raise InvalidArgumentError("SortCriteria", f"{sort_metric} cannot be a sort key")
    state = center.state
    queue_ids = tuple(dict.fromkeys(state.require(Queue, q).id for q in req.queues))
    profile_ids = tuple(
        dict.fromkeys(state.require(RoutingProfile, p).id for p in req.routing_profiles)
    )
    status_ids = tuple(dict.fromkeys(_status_id(center, s) for s in req.agent_statuses))
    channels = tuple(dict.fromkeys(Channel(c) for c in req.channels))
    steps = tuple(_step(text) for text in dict.fromkeys(req.step_expressions))
    query = RealtimeQuery(metrics, queue_ids, profile_ids, channels, steps, status_ids, typed)
    return query, sort_metric


def _check_ewt_shape(req: CurrentMetricRequest, groupings: tuple[Grouping, ...]) -> None:
    """R2.3.2: only (Queues + Channels, [QUEUE, CHANNEL]) or (one queue, one channel, step
    expressions, [ROUTING_STEP_EXPRESSION])."""
    by_pair = (
        bool(req.queues)
        and bool(req.channels)
        and not req.step_expressions
        and set(groupings) == {Grouping.QUEUE, Grouping.CHANNEL}
        and len(groupings) == 2
    )
    by_step = (
        len(req.queues) == 1
        and len(set(req.channels)) == 1
        and bool(req.step_expressions)
        and groupings == (Grouping.ROUTING_STEP_EXPRESSION,)
    )
    if not (by_pair or by_step):
        raise InvalidArgumentError(
            "CurrentMetrics",
            "ESTIMATED_WAIT_TIME needs Queues and Channels filters grouped by QUEUE and "
            "CHANNEL, or one queue, one channel and RoutingStepExpressions grouped by "
            "ROUTING_STEP_EXPRESSION",
        )


def _status_id(center: ContactCenter, id_or_arn: str) -> str:
    status = center.state.get(AgentStatus, id_or_arn)
    if status is None:
        raise NotFoundError("Agent status", id_or_arn)
    return status.id


def _step(text: str) -> StepExpression:
    """R3.2.6 ASSUMPTION: match after canonicalising; echo the text as given. The API pages
    spell the keys in camelCase (`attributeCondition`), routing data in PascalCase: both are
    accepted."""
    try:
        wire = _pascal_keys(json.loads(text))
        expression = parse_expression(wire, "RoutingStepExpressions")
    except (ValueError, DomainError) as exc:
        raise InvalidArgumentError(
            "Filters.RoutingStepExpressions", f"not a routing step expression: {text}"
        ) from exc
    return StepExpression(text, canonical_json(expression))


def _pascal_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k[:1].upper() + k[1:]: _pascal_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_pascal_keys(v) for v in value]
    return value
