"""Per-interval historical metrics of a batch of contact records, answered as GetMetricDataV2
answers them (the simulator's interval table).

The records and agent activity rows are committed to a store, and the GetMetricDataV2 use case
(`historical.metric_rows`) plans the store's SQL and derives each value from the V2 metric
definitions (`domain.metrics.historical_v2.v2_metric`), so these numbers cannot differ from
what the API says about the same contacts::

    interval_metrics(store, contacts, activity, window) -> MetricTable
        intervals: per interval, the whole center (queue None) and each queue (queue metrics
                   only: V2 refuses AGENT_OCCUPANCY by queue)
        total:     the whole center over the whole window
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from switchboard.app.historical import QUEUE, HistoricalRequest, metric_rows
from switchboard.app.ports import AgentActivityRow, ChangeBatch, Store
from switchboard.app.state import InstanceState
from switchboard.domain.contacts.contact import Contact
from switchboard.domain.metrics.historical import Metric
from switchboard.domain.metrics.historical_v2 import v2_metric
from switchboard.domain.resources.instance import Instance

#: GetMetricDataV2 metric names, in table order. SERVICE_LEVEL takes the window's threshold.
QUEUE_METRICS = (
    "CONTACTS_QUEUED",
    "CONTACTS_HANDLED",
    "CONTACTS_ABANDONED",
    "ABANDONMENT_RATE",
    "SERVICE_LEVEL",
    "AVG_QUEUE_ANSWER_TIME",
    "AVG_ABANDON_TIME",
    "MAX_QUEUED_TIME",
    "AVG_HANDLE_TIME",
    "AVG_AFTER_CONTACT_WORK_TIME",
    "AGENT_NON_RESPONSE",
)
CENTER_METRICS = (*QUEUE_METRICS, "AGENT_OCCUPANCY")


@dataclass(frozen=True, slots=True)
class IntervalWindow:
    """[start, end) cut into intervals of `interval_ms`; SERVICE_LEVEL counts waits under
    `service_level_s` (LT, as the V2 wire's Threshold); `now` ends agent activity still open."""

    instance_id: str
    start: int
    end: int
    interval_ms: int
    service_level_s: float
    queue_ids: tuple[str, ...]
    now: int


@dataclass(frozen=True, slots=True)
class IntervalMetrics:
    start: int
    end: int
    queue_id: str | None  # None = every queue (the whole center)
    values: Mapping[str, float | None]  # metric name -> the value GetMetricDataV2 answers


@dataclass(frozen=True, slots=True)
class MetricTable:
    intervals: list[IntervalMetrics]  # by interval: the center's row, then one per queue
    total: Mapping[str, float | None]  # the whole center over the whole window (TOTAL)


def interval_metrics(
    store: Store,
    contacts: Iterable[Contact],
    activity: Iterable[AgentActivityRow],
    window: IntervalWindow,
) -> MetricTable:
    """Write the batch to `store` (an empty one) as the server's units of work write records
    and activity, then ask for every interval's values and the total. Every interval has its
    rows: one without data gets the values of no facts (counts 0, the rest None)."""
    store.commit(ChangeBatch(contacts=list(contacts), agent_activity=list(activity)))
    ask = _Asker(store, window)
    step = window.interval_ms
    center = ask(CENTER_METRICS, step, ())
    by_queue = ask(QUEUE_METRICS, step, (QUEUE,))
    intervals = []
    for at in range(window.start, window.end, step):
        end = min(at + step, window.end)
        intervals.append(IntervalMetrics(at, end, None, center.get((at, None), ask.empty)))
        for queue_id in window.queue_ids:
            values = by_queue.get((at, queue_id), ask.empty_queue)
            intervals.append(IntervalMetrics(at, end, queue_id, values))
    total = ask(CENTER_METRICS, 0, ()).get((window.start, None), ask.empty)
    return MetricTable(intervals, total)


class _Asker:
    """Requests to GetMetricDataV2's use case over one window, metrics resolved once."""

    def __init__(self, store: Store, window: IntervalWindow) -> None:
        self.store = store
        self.window = window
        self.metrics = {name: _metric(name, window.service_level_s) for name in CENTER_METRICS}
        self.state = _state(window.instance_id)
        self.empty = {name: m.value({}) for name, m in self.metrics.items()}
        self.empty_queue = {name: self.empty[name] for name in QUEUE_METRICS}

    def __call__(
        self, names: tuple[str, ...], interval_ms: int, group_by: tuple[str, ...]
    ) -> dict[tuple[int, str | None], Mapping[str, float | None]]:
        """(interval start, queue or None) -> values; intervals without data are absent."""
        w = self.window
        request = HistoricalRequest(
            tuple(self.metrics[name] for name in names),
            w.start,
            w.end,
            group_by=group_by,
            queue_ids=w.queue_ids if group_by else (),  # the center: every contact
            interval_ms=interval_ms,
        )
        rows = metric_rows(self.state, self.store, request, w.now)
        return {
            (row.start, row.dimensions[0] if row.dimensions else None): dict(
                zip(names, row.values, strict=True)
            )
            for row in rows
        }


def _metric(name: str, service_level_s: float) -> Metric:
    """The metric exactly as GetMetricDataV2 resolves its `Metrics[]` entry."""
    wire: dict[str, Any] = {"Name": name}
    if name == "SERVICE_LEVEL":
        wire["Threshold"] = [{"Comparison": "LT", "ThresholdValue": service_level_s}]
    return v2_metric(wire).metric


def _state(instance_id: str) -> InstanceState:
    """The simulated center's resources live in its engine, not as entities; every request
    here names its queues, so the use case needs only the instance."""
    return InstanceState(Instance(instance_id, instance_id, f"instance/{instance_id}"))
