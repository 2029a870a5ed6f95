"""GetMetricDataV2 metric definitions (R4.2): names, thresholds, metric filters, and which
filter and grouping keys each metric accepts.

Reuses the v1 facts (R4.2.3: "reuse the v1 definitions where the names line up").
Must not import: I/O, the wall clock, wire or storage modules.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.metrics.historical import (
    Aggregate,
    Fact,
    Metric,
    average_seconds,
    count,
    max_seconds,
    occupancy,
    percent,
    service_level,
    threshold_ms,
)

QUEUE, CHANNEL, ROUTING_PROFILE, AGENT = "QUEUE", "CHANNEL", "ROUTING_PROFILE", "AGENT"
#: Filter keys of which at least one must be present (R4.2.2); the ones Switchboard serves.
RESOURCE_KEYS = (QUEUE, ROUTING_PROFILE, AGENT)
SUPPORTED_KEYS = (QUEUE, CHANNEL, ROUTING_PROFILE, AGENT)
DOCUMENTED_RESOURCE_KEYS = (
    *RESOURCE_KEYS,
    "AGENT_HIERARCHY_LEVEL_ONE", "AGENT_HIERARCHY_LEVEL_TWO", "AGENT_HIERARCHY_LEVEL_THREE",
    "AGENT_HIERARCHY_LEVEL_FOUR", "AGENT_HIERARCHY_LEVEL_FIVE",
    "CAMPAIGN", "EVALUATION_FORM", "EVALUATOR_ID",
)  # fmt: skip

_ALL = frozenset(SUPPORTED_KEYS)
_QUEUE_SIDE = frozenset((QUEUE, CHANNEL, ROUTING_PROFILE))
_AGENT_SIDE = frozenset((ROUTING_PROFILE, AGENT))

_COUNTS: dict[str, Fact] = {
    "CONTACTS_QUEUED": Fact.QUEUED,
    "CONTACTS_CREATED": Fact.CREATED,
    "CONTACTS_HANDLED": Fact.HANDLED,
    "CONTACTS_ABANDONED": Fact.ABANDONED,
    "CONTACTS_HOLD_ABANDONS": Fact.HOLD_ABANDONS,
    "CONTACTS_TRANSFERRED_OUT": Fact.TRANSFERRED_OUT,
    "CONTACTS_TRANSFERRED_OUT_FROM_QUEUE": Fact.TRANSFERRED_OUT_FROM_QUEUE,
    "AGENT_NON_RESPONSE": Fact.MISSED,
}
_AVERAGES: dict[str, tuple[Fact, Fact]] = {
    "AVG_HANDLE_TIME": (Fact.HANDLE_MS, Fact.FINISHED_HANDLED),
    "AVG_AFTER_CONTACT_WORK_TIME": (Fact.ACW_MS, Fact.FINISHED_HANDLED),
    "AVG_ABANDON_TIME": (Fact.ABANDON_QUEUE_MS, Fact.ABANDONED),
    "AVG_QUEUE_ANSWER_TIME": (Fact.ANSWER_QUEUE_MS, Fact.ANSWERED),
    "AVG_HOLD_TIME": (Fact.HOLD_MS, Fact.HELD),
    "AVG_INTERACTION_TIME": (Fact.INTERACTION_MS, Fact.HANDLED),
    "AVG_INTERACTION_AND_HOLD_TIME": (Fact.INTERACTION_HOLD_MS, Fact.HANDLED),
}
_IN_X: dict[str, Fact] = {
    "SUM_CONTACTS_ANSWERED_IN_X": Fact.ANSWERED_IN_X,
    "SUM_CONTACTS_ABANDONED_IN_X": Fact.ABANDONED_IN_X,
    "CONTACTS_REMOVED_FROM_QUEUE_IN_X": Fact.REMOVED_IN_X,
}
#: R4.2.3 (documented where stated, ASSUMPTION elsewhere): keys a metric may be filtered or
#: grouped by. Queue-side measures have no agent; agent occupancy has no queue or channel.
ALLOWED_KEYS: dict[str, frozenset[str]] = {
    **dict.fromkeys(_COUNTS, _ALL),
    **dict.fromkeys(_AVERAGES, _ALL),
    "AVG_QUEUE_ANSWER_TIME": _QUEUE_SIDE,
    "MAX_QUEUED_TIME": _ALL,
    "ABANDONMENT_RATE": _ALL,
    "SERVICE_LEVEL": _QUEUE_SIDE,
    "SUM_CONTACTS_ANSWERED_IN_X": _QUEUE_SIDE,
    "SUM_CONTACTS_ABANDONED_IN_X": _QUEUE_SIDE,
    "CONTACTS_REMOVED_FROM_QUEUE_IN_X": _QUEUE_SIDE,
    "AGENT_OCCUPANCY": _AGENT_SIDE,
}
#: Metric filters (R4.2.2) per metric: key -> the aggregate field it sets.
METRIC_FILTERS: dict[str, frozenset[str]] = {
    "CONTACTS_CREATED": frozenset({"INITIATION_METHOD"}),
    "CONTACTS_HANDLED": frozenset({"INITIATION_METHOD", "DISCONNECT_REASON"}),
}
THRESHOLDED = frozenset(("SERVICE_LEVEL", *_IN_X))


@dataclass(frozen=True, slots=True)
class V2Metric:
    name: str
    metric: Metric
    allowed_keys: frozenset[str]


def v2_metric(wire: dict[str, Any]) -> V2Metric:
    """Resolve one `Metrics[]` entry of GetMetricDataV2.

    Raises:
        InvalidArgumentError: unknown or unsupported name, threshold or metric-filter misuse.
    """
    name = wire.get("Name") or ""
    if name not in ALLOWED_KEYS:
        raise InvalidArgumentError("Metrics", f"metric {name} is not supported")
    thresholds = wire.get("Threshold") or []
    if name in THRESHOLDED:
        if len(thresholds) != 1:
            raise InvalidArgumentError("Metrics", f"{name} needs exactly one Threshold")
        limit = threshold_ms(thresholds[0], ("LT", "LTE"), "Metrics")
        inclusive = thresholds[0].get("Comparison") == "LTE"
    elif thresholds:
        raise InvalidArgumentError("Metrics", f"{name} does not take a Threshold")
    template = _base(
        name, limit if name in THRESHOLDED else 0, inclusive if name in THRESHOLDED else False
    )
    filters = wire.get("MetricFilters") or []
    if filters:
        template = _with_filters(name, template, filters)
    return V2Metric(name, template, ALLOWED_KEYS[name])


def _base(name: str, limit: int, inclusive: bool) -> Metric:
    if name in _COUNTS:
        agg = Aggregate(_COUNTS[name])
        return Metric((agg,), count(agg))
    if name in _AVERAGES:
        total, n = (Aggregate(f) for f in _AVERAGES[name])
        return Metric((total, n), average_seconds(total, n))
    if name == "MAX_QUEUED_TIME":
        agg = Aggregate(Fact.MAX_QUEUE_MS)
        return Metric((agg,), max_seconds(agg))
    if name == "ABANDONMENT_RATE":
        part, whole = Aggregate(Fact.ABANDONED), Aggregate(Fact.QUEUED)
        return Metric((part, whole), percent(part, whole))
    if name == "SERVICE_LEVEL":
        return service_level(limit, inclusive)
    if name in _IN_X:
        agg = Aggregate(_IN_X[name], limit, inclusive)
        return Metric((agg,), count(agg))
    on, idle = Aggregate(Fact.ON_CONTACT_MS), Aggregate(Fact.IDLE_MS)
    return Metric((on, idle), occupancy(on, idle))


def _with_filters(name: str, metric: Metric, filters: list[dict[str, Any]]) -> Metric:
    allowed = METRIC_FILTERS.get(name, frozenset())
    (agg,) = metric.needs if len(metric.needs) == 1 else (None,)
    if agg is None or not allowed:
        raise InvalidArgumentError("MetricFilters", f"{name} does not take metric filters")
    for item in filters:
        key = item.get("MetricFilterKey")
        values = tuple(item.get("MetricFilterValues") or ())
        negate = bool(item.get("Negate"))
        if key not in allowed:
            raise InvalidArgumentError(
                "MetricFilters", f"{name} accepts metric filters {', '.join(sorted(allowed))} only"
            )
        if key == "INITIATION_METHOD":
            agg = replace(agg, initiation_methods=values, negate_initiation=negate)
        else:
            agg = replace(agg, disconnect_reasons=values, negate_disconnect=negate)
    return Metric((agg,), count(agg))
