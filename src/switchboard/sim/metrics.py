"""Per-interval metrics of a simulation run.

The Connect metrics (CONTACTS_QUEUED ... SERVICE_LEVEL ... AGENT_OCCUPANCY) are not computed
here. The run's contact records (without the contacts that arrived during warm-up) and its agent
activity change points (`SimResult.activity`, the rows the server writes) go into the store the
caller hands in, and `app.interval_metrics` asks it exactly as GetMetricDataV2 asks the server's
store: the same use case, the same SQL, the same definitions. What stays here is what only a
simulation knows: the time-average queue length and the wait predicted at queue entry.

    interval_metrics(result, store) -> SimMetrics   rows per interval for the whole center
                                                    (queue "") and per queue, and the total
    queue_length_series(records, start, end, step)  time-average contacts waiting per step

Must not import: server, handlers, storage.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from switchboard.app import interval_metrics as table
from switchboard.app.ports import AgentActivityRow, Store
from switchboard.sim.records import SimRecord
from switchboard.sim.runner import INSTANCE_ID, SimResult

METRIC_NAMES = table.CENTER_METRICS


@dataclass(frozen=True, slots=True)
class IntervalRow:
    interval_start_s: float
    interval_end_s: float
    queue: str  # "" = every queue
    #: GetMetricDataV2 name -> value (seconds, percent or count); AGENT_OCCUPANCY on "" only.
    metrics: Mapping[str, float | None]
    avg_queue_length: float
    avg_predicted_wait_s: float | None

    def as_dict(self) -> dict[str, float | str | None]:
        """One CSV row: times, queue, every metric under its API name, then the sim's own."""
        out: dict[str, float | str | None] = {
            "interval_start_s": self.interval_start_s,
            "interval_end_s": self.interval_end_s,
            "queue": self.queue,
        }
        out.update({name: self.metrics.get(name) for name in METRIC_NAMES})
        out["avg_queue_length"] = self.avg_queue_length
        out["avg_predicted_wait_s"] = self.avg_predicted_wait_s
        return {k: _tidy(v) for k, v in out.items()}


@dataclass(frozen=True, slots=True)
class SimMetrics:
    intervals: list[IntervalRow]
    total: Mapping[str, float | None]  # the whole center over the whole run


def interval_metrics(result: SimResult, store: Store) -> SimMetrics:
    """Every interval's metrics, for each queue and the whole center, through `store` (empty;
    the caller's adapter, e.g. an in-memory SQLite store)."""
    scenario = result.scenario
    step = round(scenario.interval_seconds * 1000)
    n = max(1, math.ceil(result.end_ms / step))
    kept = [r for r in result.records if not r.warmup]
    queues = tuple(q.name for q in scenario.queues)
    window = table.IntervalWindow(
        INSTANCE_ID,
        0,
        n * step,
        step,
        scenario.service_level_seconds,
        queues,
        result.end_ms,
    )
    activity = (
        AgentActivityRow(INSTANCE_ID, a.user_id, a.at, a.activity.value) for a in result.activity
    )
    answered = table.interval_metrics(store, (r.contact for r in kept), activity, window)
    lengths = {q: queue_length_series(kept, 0, n * step, step, q) for q in ("", *queues)}
    predicted = _predicted_by_interval(kept, step)
    rows = []
    for row in answered.intervals:
        queue = row.queue_id or ""
        index = row.start // step
        rows.append(
            IntervalRow(
                row.start / 1000.0,
                row.end / 1000.0,
                queue,
                row.values,
                lengths[queue][index],
                _mean_s(predicted.get((index, queue), [])),
            )
        )
    return SimMetrics(rows, answered.total)


def _predicted_by_interval(
    records: Sequence[SimRecord], step_ms: int
) -> dict[tuple[int, str], list[int]]:
    """Predicted waits at queue entry, by (interval of the enqueue, queue) and for "" too."""
    out: dict[tuple[int, str], list[int]] = defaultdict(list)
    for r in records:
        c = r.contact
        if c.enqueued_at is None or r.predicted_wait_ms is None:
            continue
        i = c.enqueued_at // step_ms
        out[(i, "")].append(r.predicted_wait_ms)
        if c.queue_id:
            out[(i, c.queue_id)].append(r.predicted_wait_ms)
    return out


def _mean_s(values_ms: Sequence[int]) -> float | None:
    return sum(values_ms) / len(values_ms) / 1000.0 if values_ms else None


def _tidy(value: float | str | None) -> float | str | None:
    """Whole numbers without a trailing .0 (counts), the rest to 3 decimals."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 3)
    return value


# ------------------------------------------------------------------ time series


def queue_length_series(
    records: Sequence[SimRecord], start_ms: int, end_ms: int, step_ms: int, queue: str = ""
) -> list[float]:
    """Time-average number of contacts waiting in each [t, t + step) (all queues for "")."""
    changes: list[tuple[int, int]] = []
    for r in records:
        c = r.contact
        if c.enqueued_at is None or (queue and c.queue_id != queue):
            continue
        changes.append((c.enqueued_at, 1))
        changes.append((c.dequeued_at if c.dequeued_at is not None else end_ms, -1))
    changes.sort()
    n = max(1, math.ceil((end_ms - start_ms) / step_ms))
    area = [0.0] * n
    level, last = 0, start_ms
    for at, delta in [*changes, (end_ms, 0)]:
        at = min(max(at, start_ms), end_ms)
        _spread(area, level, last, at, start_ms, step_ms)
        level += delta
        last = at
    return [a / step_ms for a in area]


def _spread(area: list[float], level: int, a: int, b: int, start: int, step: int) -> None:
    """Add level x (time in each bucket) of [a, b) to the buckets."""
    if level == 0 or b <= a:
        return
    while a < b:
        i = (a - start) // step
        if i >= len(area):
            return
        edge = min(b, start + (i + 1) * step)
        area[i] += level * (edge - a)
        a = edge
