"""GetMetricData (R4.1) and GetMetricDataV2 (R4.2): wire <-> `app.historical`.

The request rules that the botocore model cannot express (5-minute alignment, the 24-hour
window, unit/statistic pairs, thresholds, allowed filters and groupings per metric) raise
InvalidParameterException with a message naming the field. Results page by row offset with
signed tokens bound to the request's parameters.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from switchboard.app import historical as h
from switchboard.aws.pagination import InvalidTokenError, params_digest
from switchboard.domain.channel import Channel
from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.metrics import historical as defs
from switchboard.domain.metrics.historical_v2 import (
    DOCUMENTED_RESOURCE_KEYS,
    SUPPORTED_KEYS,
    v2_metric,
)
from switchboard.domain.resources.queue import Queue
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none

V1_FILTERS = ("Queues", "Channels")
V1_GROUPINGS = ("QUEUE", "CHANNEL")
MAX_SERVICE_LEVELS = 20
MAX_V2_METRICS = 20
DEFAULT_MAX = 100


def get_metric_data(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    state = ctx.instance(req["InstanceId"])
    now = ctx.now()
    defs.check_v1_window(req["StartTime"], req["EndTime"], now)
    filters = req.get("Filters") or {}
    for key, value in filters.items():
        if key not in V1_FILTERS and value:
            raise InvalidArgumentError(
                "Filters", f"{key} is not a valid filter for GetMetricData; use Queues or Channels"
            )
    groupings = tuple(dict.fromkeys(req.get("Groupings") or ()))
    for grouping in groupings:
        if grouping not in V1_GROUPINGS:
            raise InvalidArgumentError(
                "Groupings",
                f"{grouping} is not a valid grouping for GetMetricData; use QUEUE or CHANNEL",
            )
    wire_metrics = req.get("HistoricalMetrics") or []
    if not wire_metrics:
        raise InvalidArgumentError("HistoricalMetrics", "give at least one metric")
    if sum(m.get("Name") == "SERVICE_LEVEL" for m in wire_metrics) > MAX_SERVICE_LEVELS:
        raise InvalidArgumentError(
            "HistoricalMetrics", f"at most {MAX_SERVICE_LEVELS} SERVICE_LEVEL metrics per request"
        )
    metrics = tuple(
        defs.v1_metric(m.get("Name", ""), m.get("Unit"), m.get("Statistic"), m.get("Threshold"))
        for m in wire_metrics
    )
    request = h.HistoricalRequest(
        metrics,
        req["StartTime"],
        req["EndTime"],
        group_by=groupings,
        queue_ids=h.plain_ids(filters.get("Queues") or ()),
        channels=tuple(dict.fromkeys(filters.get("Channels") or ())),
    )
    h.require_known(state, request)
    rows = h.metric_rows(state, ctx.app.store, request, now)
    chunk, token = _page(ctx, req, rows)
    results = []
    for row in chunk:
        dims: dict[str, Any] = {}
        for grouping, value in zip(groupings, row.dimensions, strict=True):
            if grouping == "QUEUE" and value is not None:
                queue = state.get(Queue, value)
                dims["Queue"] = drop_none({"Id": value, "Arn": queue.arn if queue else None})
            elif grouping == "CHANNEL" and value is not None:
                dims["Channel"] = value
        results.append(
            {
                "Dimensions": dims,
                "Collections": [
                    drop_none({"Metric": wire, "Value": value})
                    for wire, value in zip(wire_metrics, row.values, strict=True)
                ],
            }
        )
    return drop_none({"MetricResults": results, "NextToken": token})


def get_metric_data_v2(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    state = ctx.instance(req["ResourceArn"])
    now = ctx.now()
    interval = req.get("Interval") or {}
    period = interval.get("IntervalPeriod") or "TOTAL"
    offset_ms = _utc_offset_ms(interval.get("TimeZone"), req["StartTime"])
    defs.check_v2_window(req["StartTime"], req["EndTime"], now, period, offset_ms)
    filters = _v2_filters(req.get("Filters") or [])
    groupings = tuple(dict.fromkeys(req.get("Groupings") or ()))
    for grouping in groupings:
        if grouping not in SUPPORTED_KEYS:
            raise InvalidArgumentError(
                "Groupings", f"{grouping} is not supported; use {', '.join(SUPPORTED_KEYS)}"
            )
    wire_metrics = req.get("Metrics") or []
    if not 1 <= len(wire_metrics) <= MAX_V2_METRICS:
        raise InvalidArgumentError("Metrics", f"give 1 to {MAX_V2_METRICS} metrics")
    metrics = []
    for wire in wire_metrics:
        resolved = v2_metric(wire)
        for key in (*filters, *groupings):
            if key not in resolved.allowed_keys:
                raise InvalidArgumentError(
                    "Metrics",
                    f"{resolved.name} cannot be filtered or grouped by {key}; "
                    f"use {', '.join(sorted(resolved.allowed_keys))}",
                )
        metrics.append(resolved.metric)
    request = h.HistoricalRequest(
        tuple(metrics),
        req["StartTime"],
        req["EndTime"],
        period,
        groupings,
        queue_ids=h.plain_ids(filters.get("QUEUE", ())),
        channels=filters.get("CHANNEL", ()),
        profile_ids=h.plain_ids(filters.get("ROUTING_PROFILE", ())),
        agent_ids=h.plain_ids(filters.get("AGENT", ())),
    )
    h.require_known(state, request)
    rows = h.metric_rows(state, ctx.app.store, request, now)
    chunk, token = _page(ctx, req, rows)
    results = [
        {
            "Dimensions": {
                g: v for g, v in zip(groupings, row.dimensions, strict=True) if v is not None
            },
            "MetricInterval": {"Interval": period, "StartTime": row.start, "EndTime": row.end},
            "Collections": [
                drop_none({"Metric": wire, "Value": value})
                for wire, value in zip(wire_metrics, row.values, strict=True)
            ],
        }
        for row in chunk
    ]
    return drop_none({"MetricResults": results, "NextToken": token})


def _v2_filters(wire: list[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    """R4.2.2: 1-5 keys, at least one resource key, each key once, known channels."""
    out: dict[str, tuple[str, ...]] = {}
    for item in wire:
        key = item.get("FilterKey", "")
        if key in out:
            raise InvalidArgumentError("Filters", f"filter key {key} is given twice")
        if key not in SUPPORTED_KEYS:
            raise InvalidArgumentError(
                "Filters", f"filter key {key} is not supported; use {', '.join(SUPPORTED_KEYS)}"
            )
        values = tuple(dict.fromkeys(item.get("FilterValues") or ()))
        if key == "CHANNEL":
            known = {c.value for c in Channel}
            for value in values:
                if value not in known:
                    raise InvalidArgumentError("Filters", f"{value} is not a channel")
        out[key] = values
    if not any(k in DOCUMENTED_RESOURCE_KEYS for k in out):
        raise InvalidArgumentError(
            "Filters", "at least one filter must be QUEUE, ROUTING_PROFILE or AGENT"
        )
    return out


def _utc_offset_ms(zone: str | None, at: int) -> int:
    if not zone:
        return 0
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidArgumentError("Interval", f"{zone} is not a known time zone") from exc
    from datetime import UTC, datetime

    offset = datetime.fromtimestamp(at / 1000, UTC).astimezone(tz).utcoffset()
    return 0 if offset is None else int(offset.total_seconds() * 1000)


def _page(
    ctx: HandlerContext, req: dict[str, Any], rows: list[h.MetricRow]
) -> tuple[list[h.MetricRow], str | None]:
    digest = params_digest(req)
    start = 0
    if req.get("NextToken"):
        try:
            start = int(ctx.tokens.decode(req["NextToken"], digest)["offset"])
        except (InvalidTokenError, KeyError, TypeError, ValueError) as exc:
            raise InvalidArgumentError(
                "NextToken", "the token is not valid for this request"
            ) from exc
    limit = int(req.get("MaxResults") or DEFAULT_MAX)
    chunk = rows[start : start + limit]
    token = None
    if start + limit < len(rows):
        token = ctx.tokens.encode({"offset": start + limit}, digest)
    return chunk, token


OPERATIONS: dict[str, Handler] = {
    "GetMetricData": get_metric_data,
    "GetMetricDataV2": get_metric_data_v2,
}
