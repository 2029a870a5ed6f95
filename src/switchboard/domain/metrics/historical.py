"""Historical metrics (R4.1, R4.2): which facts each metric counts and how a value is derived.

A metric is never computed here from records. The store aggregates *facts* over contact
segments (and agent activity) with SQL, grouped by time bucket and dimension, and returns
additive numbers (counts, sums, maxima). This module names those facts, says which timestamp
attributes each one to an interval (its `Basis`, R4.1.6), and turns the aggregates of one
row into the metric's value (averages, percentages, seconds)::

    Metric ──needs──> Aggregate(fact, threshold) ──basis──> enqueued | disconnected | finished
       │                                                    | initiated | agent activity
       └──value(aggregates)──> float | None   (None = cannot be computed, R3.2.2)

Also the pure request rules: 5-minute alignment and the 24-hour window of GetMetricData
(R4.1.1), thresholds (R4.1.3), V2 interval periods and bucketing (R4.2.1).
Must not import: I/O, the wall clock, wire or storage modules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from switchboard.domain.errors import InvalidArgumentError

MINUTE_MS = 60_000
FIVE_MIN_MS = 5 * MINUTE_MS
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS
MAX_THRESHOLD_S = 604_800  # one week (API_Threshold)


class Basis(StrEnum):
    """The instant that places a fact in a time interval (R4.1.6 ASSUMPTION)."""

    ENQUEUED = "enqueued_at"
    DISCONNECTED = "disconnected_at"
    FINISHED = "finished_at"  # after-contact work over (or disconnect when there was none)
    INITIATED = "initiated_at"
    AGENT = "agent_activity"  # agent time, split across intervals


class Fact(StrEnum):
    """One additive aggregate the store can compute per (bucket, dimensions)."""

    QUEUED = "QUEUED"  # segments enqueued
    CREATED = "CREATED"  # segments initiated
    HANDLED = "HANDLED"  # connected to an agent, counted at disconnect
    HANDLED_INCOMING = "HANDLED_INCOMING"
    HANDLED_OUTBOUND = "HANDLED_OUTBOUND"
    HANDLED_CALLBACK = "HANDLED_CALLBACK"
    HANDLED_API = "HANDLED_API"
    ABANDONED = "ABANDONED"
    AGENT_HUNG_UP_FIRST = "AGENT_HUNG_UP_FIRST"
    HOLD_ABANDONS = "HOLD_ABANDONS"
    TRANSFERRED_IN = "TRANSFERRED_IN"
    TRANSFERRED_IN_FROM_QUEUE = "TRANSFERRED_IN_FROM_QUEUE"
    TRANSFERRED_OUT = "TRANSFERRED_OUT"
    TRANSFERRED_OUT_FROM_QUEUE = "TRANSFERRED_OUT_FROM_QUEUE"
    MISSED = "MISSED"  # sum of missed offers
    DEQUEUED = "DEQUEUED"  # enqueued segments that left the queue (service-level denominator)
    MAX_QUEUE_MS = "MAX_QUEUE_MS"
    ABANDON_QUEUE_MS = "ABANDON_QUEUE_MS"  # sum over abandoned segments
    ANSWERED = "ANSWERED"  # enqueued and connected to an agent
    ANSWER_QUEUE_MS = "ANSWER_QUEUE_MS"  # sum over answered segments
    HELD = "HELD"  # handled segments put on hold at least once
    HOLD_MS = "HOLD_MS"  # sum over held segments
    INTERACTION_MS = "INTERACTION_MS"  # sum over handled segments
    INTERACTION_HOLD_MS = "INTERACTION_HOLD_MS"
    FINISHED_HANDLED = "FINISHED_HANDLED"  # handled segments whose ACW is over
    HANDLE_MS = "HANDLE_MS"  # interaction + hold + ACW, over finished handled segments
    ACW_MS = "ACW_MS"  # ACW (0 when none), over finished handled segments
    REMOVED_IN_X = "REMOVED_IN_X"  # answered or abandoned within the threshold
    ANSWERED_IN_X = "ANSWERED_IN_X"
    ABANDONED_IN_X = "ABANDONED_IN_X"
    ON_CONTACT_MS = "ON_CONTACT_MS"  # agent time on contacts (concurrency ignored)
    IDLE_MS = "IDLE_MS"  # agent time Available with nothing to do

    @property
    def basis(self) -> Basis:
        return _BASIS.get(self, Basis.DISCONNECTED)

    @property
    def thresholded(self) -> bool:
        return self in (Fact.REMOVED_IN_X, Fact.ANSWERED_IN_X, Fact.ABANDONED_IN_X)


_BASIS = {
    Fact.QUEUED: Basis.ENQUEUED,
    Fact.CREATED: Basis.INITIATED,
    Fact.FINISHED_HANDLED: Basis.FINISHED,
    Fact.HANDLE_MS: Basis.FINISHED,
    Fact.ACW_MS: Basis.FINISHED,
    Fact.ON_CONTACT_MS: Basis.AGENT,
    Fact.IDLE_MS: Basis.AGENT,
}


@dataclass(frozen=True, slots=True)
class Aggregate:
    """A fact with its parameters: a threshold (ms; `inclusive` means ≤ rather than <) and the
    V2 metric filters (initiation methods / disconnect reasons, optionally negated)."""

    fact: Fact
    threshold_ms: int | None = None
    inclusive: bool = False
    initiation_methods: tuple[str, ...] = ()
    disconnect_reasons: tuple[str, ...] = ()
    negate_initiation: bool = False
    negate_disconnect: bool = False

    @property
    def basis(self) -> Basis:
        return self.fact.basis


Values = Mapping[Aggregate, int | None]
Formula = Callable[[Values], float | None]


def count(agg: Aggregate) -> Formula:
    return lambda v: float(v.get(agg) or 0)


def average_seconds(total: Aggregate, n: Aggregate) -> Formula:
    def value(v: Values) -> float | None:
        count_ = v.get(n) or 0
        return None if count_ == 0 else (v.get(total) or 0) / count_ / 1000

    return value


def max_seconds(agg: Aggregate) -> Formula:
    def value(v: Values) -> float | None:
        found = v.get(agg)
        return None if found is None else found / 1000

    return value


def percent(part: Aggregate, whole: Aggregate) -> Formula:
    def value(v: Values) -> float | None:
        whole_ = v.get(whole) or 0
        return None if whole_ == 0 else 100.0 * (v.get(part) or 0) / whole_

    return value


def occupancy(on: Aggregate, idle: Aggregate) -> Formula:
    def value(v: Values) -> float | None:
        busy, free = v.get(on) or 0, v.get(idle) or 0
        return None if busy + free == 0 else 100.0 * busy / (busy + free)

    return value


@dataclass(frozen=True, slots=True)
class Metric:
    """A resolved metric of a request: the aggregates it needs and how to combine them."""

    needs: tuple[Aggregate, ...]
    formula: Formula

    def value(self, values: Values) -> float | None:
        return self.formula(values)


# ---------------------------------------------------------------- GetMetricData (v1)

#: R4.1.4: name -> (unit, statistic). Anything else is InvalidParameterException (R4.1.3).
V1_UNITS: dict[str, tuple[str, str]] = {
    "CONTACTS_QUEUED": ("COUNT", "SUM"),
    "CONTACTS_HANDLED": ("COUNT", "SUM"),
    "CONTACTS_HANDLED_INCOMING": ("COUNT", "SUM"),
    "CONTACTS_HANDLED_OUTBOUND": ("COUNT", "SUM"),
    "CALLBACK_CONTACTS_HANDLED": ("COUNT", "SUM"),
    "API_CONTACTS_HANDLED": ("COUNT", "SUM"),
    "CONTACTS_ABANDONED": ("COUNT", "SUM"),
    "CONTACTS_AGENT_HUNG_UP_FIRST": ("COUNT", "SUM"),
    "CONTACTS_CONSULTED": ("COUNT", "SUM"),
    "CONTACTS_HOLD_ABANDONS": ("COUNT", "SUM"),
    "CONTACTS_TRANSFERRED_IN": ("COUNT", "SUM"),
    "CONTACTS_TRANSFERRED_IN_FROM_QUEUE": ("COUNT", "SUM"),
    "CONTACTS_TRANSFERRED_OUT": ("COUNT", "SUM"),
    "CONTACTS_TRANSFERRED_OUT_FROM_QUEUE": ("COUNT", "SUM"),
    "CONTACTS_MISSED": ("COUNT", "SUM"),
    "OCCUPANCY": ("PERCENT", "AVG"),
    "HANDLE_TIME": ("SECONDS", "AVG"),
    "AFTER_CONTACT_WORK_TIME": ("SECONDS", "AVG"),
    "QUEUED_TIME": ("SECONDS", "MAX"),
    "ABANDON_TIME": ("SECONDS", "AVG"),
    "QUEUE_ANSWER_TIME": ("SECONDS", "AVG"),
    "HOLD_TIME": ("SECONDS", "AVG"),
    "INTERACTION_TIME": ("SECONDS", "AVG"),
    "INTERACTION_AND_HOLD_TIME": ("SECONDS", "AVG"),
    "SERVICE_LEVEL": ("PERCENT", "AVG"),
}

_COUNTS: dict[str, Fact] = {
    "CONTACTS_QUEUED": Fact.QUEUED,
    "CONTACTS_HANDLED": Fact.HANDLED,
    "CONTACTS_HANDLED_INCOMING": Fact.HANDLED_INCOMING,
    "CONTACTS_HANDLED_OUTBOUND": Fact.HANDLED_OUTBOUND,
    "CALLBACK_CONTACTS_HANDLED": Fact.HANDLED_CALLBACK,
    "API_CONTACTS_HANDLED": Fact.HANDLED_API,
    "CONTACTS_ABANDONED": Fact.ABANDONED,
    "CONTACTS_AGENT_HUNG_UP_FIRST": Fact.AGENT_HUNG_UP_FIRST,
    "CONTACTS_HOLD_ABANDONS": Fact.HOLD_ABANDONS,
    "CONTACTS_TRANSFERRED_IN": Fact.TRANSFERRED_IN,
    "CONTACTS_TRANSFERRED_IN_FROM_QUEUE": Fact.TRANSFERRED_IN_FROM_QUEUE,
    "CONTACTS_TRANSFERRED_OUT": Fact.TRANSFERRED_OUT,
    "CONTACTS_TRANSFERRED_OUT_FROM_QUEUE": Fact.TRANSFERRED_OUT_FROM_QUEUE,
    "CONTACTS_MISSED": Fact.MISSED,
}

_AVERAGES: dict[str, tuple[Fact, Fact]] = {
    "HANDLE_TIME": (Fact.HANDLE_MS, Fact.FINISHED_HANDLED),
    "AFTER_CONTACT_WORK_TIME": (Fact.ACW_MS, Fact.FINISHED_HANDLED),
    "ABANDON_TIME": (Fact.ABANDON_QUEUE_MS, Fact.ABANDONED),
    "QUEUE_ANSWER_TIME": (Fact.ANSWER_QUEUE_MS, Fact.ANSWERED),
    "HOLD_TIME": (Fact.HOLD_MS, Fact.HELD),
    "INTERACTION_TIME": (Fact.INTERACTION_MS, Fact.HANDLED),
    "INTERACTION_AND_HOLD_TIME": (Fact.INTERACTION_HOLD_MS, Fact.HANDLED),
}


def v1_metric(
    name: str, unit: str | None, statistic: str | None, threshold: dict[str, object] | None
) -> Metric:
    """Resolve one `HistoricalMetrics` entry of GetMetricData (R4.1.3-R4.1.5).

    Raises:
        InvalidArgumentError: unknown name, wrong unit/statistic pair, missing or bad threshold.
    """
    if name not in V1_UNITS:
        raise InvalidArgumentError("HistoricalMetrics", f"{name} is not a historical metric")
    want_unit, want_stat = V1_UNITS[name]
    if unit != want_unit or statistic != want_stat:
        raise InvalidArgumentError(
            "HistoricalMetrics",
            f"{name} takes Unit {want_unit} and Statistic {want_stat}, not {unit}/{statistic}",
        )
    if name == "SERVICE_LEVEL":
        return service_level(threshold_ms(threshold, ("LT",), "HistoricalMetrics"), False)
    if threshold:
        raise InvalidArgumentError("HistoricalMetrics", f"{name} does not take a Threshold")
    return _plain_v1(name)


def _plain_v1(name: str) -> Metric:
    if name == "CONTACTS_CONSULTED":  # deprecated; always 0 (R4.1.4 ASSUMPTION)
        return Metric((), lambda v: 0.0)
    if name in _COUNTS:
        agg = Aggregate(_COUNTS[name])
        return Metric((agg,), count(agg))
    if name in _AVERAGES:
        total, n = (Aggregate(f) for f in _AVERAGES[name])
        return Metric((total, n), average_seconds(total, n))
    if name == "QUEUED_TIME":
        agg = Aggregate(Fact.MAX_QUEUE_MS)
        return Metric((agg,), max_seconds(agg))
    on, idle = Aggregate(Fact.ON_CONTACT_MS), Aggregate(Fact.IDLE_MS)
    return Metric((on, idle), occupancy(on, idle))


def service_level(limit_ms: int, inclusive: bool) -> Metric:
    """Removed from queue (answered or abandoned) within the threshold ÷ dequeued × 100."""
    part = Aggregate(Fact.REMOVED_IN_X, limit_ms, inclusive)
    whole = Aggregate(Fact.DEQUEUED)
    return Metric((part, whole), percent(part, whole))


def threshold_ms(
    threshold: dict[str, object] | None, comparisons: tuple[str, ...], where: str
) -> int:
    """The threshold in ms after checking comparison and range (1..604800 s, R4.1.3)."""
    if not threshold or threshold.get("ThresholdValue") is None:
        raise InvalidArgumentError(where, "this metric needs a Threshold with a ThresholdValue")
    comparison = threshold.get("Comparison")
    if comparison not in comparisons:
        raise InvalidArgumentError(
            where, f"Threshold Comparison must be one of {', '.join(comparisons)}"
        )
    value = threshold["ThresholdValue"]
    if not isinstance(value, int | float) or not 1 <= value <= MAX_THRESHOLD_S:
        raise InvalidArgumentError(
            where, f"ThresholdValue must be between 1 and {MAX_THRESHOLD_S} seconds"
        )
    return round(value * 1000)


def check_v1_window(start: int, end: int, now: int) -> None:
    """R4.1.1: 5-minute boundaries, start within the last 24 h, end after start, < 24 h long.

    A range of exactly 24 hours is refused: the documentation says "less than" (§10 item 14).
    """
    for name, at in (("StartTime", start), ("EndTime", end)):
        if at % FIVE_MIN_MS:
            raise InvalidArgumentError(
                name,
                "must be on a 5-minute boundary (for example 10:05:00, 10:10:00) with zero seconds",
            )
    if end <= start:
        raise InvalidArgumentError("EndTime", "must be after StartTime")
    if start < now - DAY_MS:
        raise InvalidArgumentError(
            "StartTime", "must be no earlier than 24 hours before the request time"
        )
    if end - start >= DAY_MS:
        raise InvalidArgumentError("EndTime", "the time range must be less than 24 hours")


# ---------------------------------------------------------------- intervals (V2)

PERIOD_MS: dict[str, int] = {
    "FIFTEEN_MIN": 15 * MINUTE_MS,
    "THIRTY_MIN": 30 * MINUTE_MS,
    "HOUR": HOUR_MS,
    "DAY": DAY_MS,
    "WEEK": 7 * DAY_MS,
}
SUB_DAY = ("FIFTEEN_MIN", "THIRTY_MIN", "HOUR")
RETENTION_MS = 93 * DAY_MS  # "up to 3 months" of data


def check_v2_window(start: int, end: int, now: int, period: str, offset_ms: int) -> None:
    """R4.2.1: end not in the future, 3 months back, range limits per period, alignment.

    `offset_ms` is the time zone's UTC offset at StartTime (sub-day alignment is local).
    """
    if end <= start:
        raise InvalidArgumentError("EndTime", "must be after StartTime")
    if end > now:
        raise InvalidArgumentError("EndTime", "must not be in the future")
    if start < now - RETENTION_MS:
        raise InvalidArgumentError("StartTime", "must be within the last 3 months")
    span = end - start
    if period in SUB_DAY:
        if span > 3 * DAY_MS:
            raise InvalidArgumentError(
                "Interval", f"IntervalPeriod {period} allows a time range of at most 3 days"
            )
        step = PERIOD_MS[period]
        for name, at in (("StartTime", start), ("EndTime", end)):
            if (at + offset_ms) % step:
                raise InvalidArgumentError(
                    name, f"must fall on a {period} interval boundary for IntervalPeriod {period}"
                )
    elif span > 35 * DAY_MS:
        raise InvalidArgumentError(
            "Interval", f"IntervalPeriod {period} allows a time range of at most 35 days"
        )


def buckets(start: int, end: int, period: str) -> list[tuple[int, int]]:
    """The [start, end) of each interval; TOTAL is one interval, the last one may be short."""
    if period == "TOTAL":
        return [(start, end)]
    step = PERIOD_MS[period]
    return [(at, min(at + step, end)) for at in range(start, end, step)]


def bucket_ms(period: str) -> int:
    """The bucket width for the store: 0 means one bucket for the whole range."""
    return 0 if period == "TOTAL" else PERIOD_MS[period]
