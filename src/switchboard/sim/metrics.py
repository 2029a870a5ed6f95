"""Per-interval historical metrics of a simulation run, from its contact records.

The definitions are Connect's historical metrics as the API implements them (R4.1.4, R4.2.3,
attribution R4.1.6): CONTACTS_QUEUED falls in the interval of the enqueue instant, handled /
abandoned counts and queue times in the interval of the disconnect, handle and ACW times in
the interval where after-contact work ended, occupancy splits agent time across intervals.
On the server these are SQL aggregations in the store (`storage/historical_sql.py`), which the
simulator may not import and which need a database; here the same facts are computed in Python
over the same `Contact` records, one clearly named function per metric. Contacts that arrived
during warm-up are left out.

    interval_metrics(result) -> list[IntervalRow]   one row per (interval, queue) and per
                                                    interval for the whole center (queue "")
    queue_length_series(result, step_ms)            time-average contacts waiting per step
    occupancy_by_interval(result)                   agent occupancy per interval (%)

Must not import: server, handlers, storage.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from switchboard.domain.contacts.contact import Contact
from switchboard.sim.records import SimRecord
from switchboard.sim.runner import SimResult

AVAILABLE_STATUS = "Available"


@dataclass(frozen=True, slots=True)
class IntervalRow:
    interval_start_s: float
    interval_end_s: float
    queue: str  # "" = every queue
    contacts_queued: int
    contacts_handled: int
    contacts_abandoned: int
    abandonment_rate_pct: float | None
    service_level_pct: float | None
    avg_queue_answer_time_s: float | None
    avg_abandon_time_s: float | None
    max_queued_time_s: float | None
    avg_handle_time_s: float | None
    avg_after_contact_work_time_s: float | None
    avg_queue_length: float | None
    agent_occupancy_pct: float | None
    avg_predicted_wait_s: float | None

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}


# ------------------------------------------------------------------ one metric each


def contacts_queued(contacts: Sequence[Contact]) -> int:
    """Segments with an enqueue instant (attributed by enqueue time)."""
    return sum(1 for c in contacts if c.enqueued_at is not None)


def contacts_handled(contacts: Sequence[Contact]) -> int:
    """Segments connected to an agent (attributed by disconnect time)."""
    return sum(1 for c in contacts if c.connected_to_agent_at is not None)


def contacts_abandoned(contacts: Sequence[Contact]) -> int:
    return sum(1 for c in contacts if c.abandoned)


def service_level_pct(contacts: Sequence[Contact], threshold_ms: int) -> float | None:
    """Removed from queue (answered or abandoned) in under the threshold / dequeued x 100."""
    dequeued = [c.queue_duration_ms for c in contacts if c.queue_duration_ms is not None]
    if not dequeued:
        return None
    return 100.0 * sum(1 for q in dequeued if q < threshold_ms) / len(dequeued)


def avg_queue_answer_time_s(contacts: Sequence[Contact]) -> float | None:
    return _mean_s(
        c.queue_duration_ms
        for c in contacts
        if c.connected_to_agent_at is not None and c.queue_duration_ms is not None
    )


def avg_abandon_time_s(contacts: Sequence[Contact]) -> float | None:
    return _mean_s(c.queue_duration_ms or 0 for c in contacts if c.abandoned)


def max_queued_time_s(contacts: Sequence[Contact]) -> float | None:
    durations = [c.queue_duration_ms for c in contacts if c.queue_duration_ms is not None]
    return max(durations) / 1000.0 if durations else None


def avg_handle_time_s(contacts: Sequence[Contact]) -> float | None:
    """Interaction + hold + ACW over handled segments whose ACW is over."""
    return _mean_s(
        (c.acw_ended_at or c.disconnected_at or 0) - c.connected_to_agent_at
        for c in contacts
        if c.connected_to_agent_at is not None and c.acw_ended_at is not None
    )


def avg_after_contact_work_time_s(contacts: Sequence[Contact]) -> float | None:
    return _mean_s(
        c.acw_duration_ms or 0
        for c in contacts
        if c.connected_to_agent_at is not None and c.acw_ended_at is not None
    )


def _mean_s(values_ms: Iterable[int]) -> float | None:
    values = list(values_ms)
    return sum(values) / len(values) / 1000.0 if values else None


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


def occupancy_by_interval(result: SimResult, step_ms: int) -> list[float | None]:
    """Agent time on contacts / (time on contacts + idle Available time) x 100 per interval.

    An agent is on a contact from connect to the end of its after-contact work; time in the
    Available status not on a contact is idle (R4.1.4 OCCUPANCY; concurrency ignored)."""
    n = max(1, math.ceil(result.end_ms / step_ms))
    on = [0.0] * n
    available = [0.0] * n
    busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in result.records:
        c = r.contact
        if c.agent_id is not None and c.connected_to_agent_at is not None:
            end = c.acw_ended_at or c.disconnected_at or result.end_ms
            busy[c.agent_id].append((c.connected_to_agent_at, end))
    for spans in busy.values():
        for a, b in _union(spans):
            _spread(on, 1, a, b, 0, step_ms)
    for span in result.status_spans:
        if span.status == AVAILABLE_STATUS:
            _spread(available, 1, span.start_ms, span.end_ms, 0, step_ms)
    # Time on contacts after the agent's status changed (finishing a call past the shift end)
    # is counted too, so the denominator is on + idle with idle = available - on (never < 0).
    return [
        None if max(av, o) <= 0 else 100.0 * o / max(av, o)
        for o, av in zip(on, available, strict=True)
    ]


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


# ------------------------------------------------------------------ the table


def interval_metrics(result: SimResult) -> list[IntervalRow]:
    """Every metric per interval, for each queue and for the whole center (queue "")."""
    scenario = result.scenario
    step = round(scenario.interval_seconds * 1000)
    threshold = round(scenario.service_level_seconds * 1000)
    n = max(1, math.ceil(result.end_ms / step))
    records = [r for r in result.records if not r.warmup]
    queues = [""] + [q.name for q in scenario.queues]
    by_enqueue: dict[tuple[int, str], list[SimRecord]] = defaultdict(list)
    by_disconnect: dict[tuple[int, str], list[Contact]] = defaultdict(list)
    by_finish: dict[tuple[int, str], list[Contact]] = defaultdict(list)
    for r in records:
        c = r.contact
        keys = ("", c.queue_id or "") if c.queue_id else ("",)
        for q in keys:
            if c.enqueued_at is not None:
                by_enqueue[(c.enqueued_at // step, q)].append(r)
            if c.disconnected_at is not None:
                by_disconnect[(c.disconnected_at // step, q)].append(c)
            if c.acw_ended_at is not None:
                by_finish[(c.acw_ended_at // step, q)].append(c)
    occupancy = occupancy_by_interval(result, step)
    lengths = {q: queue_length_series(records, 0, n * step, step, q) for q in queues}
    rows = []
    for i in range(n):
        for q in queues:
            queued = by_enqueue.get((i, q), [])
            done = by_disconnect.get((i, q), [])
            finished = by_finish.get((i, q), [])
            n_queued = len(queued)
            abandoned = contacts_abandoned(done)
            predicted = [r.predicted_wait_ms for r in queued if r.predicted_wait_ms is not None]
            rows.append(
                IntervalRow(
                    interval_start_s=i * step / 1000.0,
                    interval_end_s=(i + 1) * step / 1000.0,
                    queue=q,
                    contacts_queued=n_queued,
                    contacts_handled=contacts_handled(done),
                    contacts_abandoned=abandoned,
                    abandonment_rate_pct=100.0 * abandoned / n_queued if n_queued else None,
                    service_level_pct=service_level_pct(done, threshold),
                    avg_queue_answer_time_s=avg_queue_answer_time_s(done),
                    avg_abandon_time_s=avg_abandon_time_s(done),
                    max_queued_time_s=max_queued_time_s(done),
                    avg_handle_time_s=avg_handle_time_s(finished),
                    avg_after_contact_work_time_s=avg_after_contact_work_time_s(finished),
                    avg_queue_length=lengths[q][i] if i < len(lengths[q]) else None,
                    agent_occupancy_pct=occupancy[i] if q == "" else None,
                    avg_predicted_wait_s=_mean_s(predicted),
                )
            )
    return rows


def wait_percentile(sorted_ms: Sequence[int], p: float) -> float:
    """The p-quantile (0..1) of sorted values, nearest rank, in seconds."""
    if not sorted_ms:
        return math.nan
    return sorted_ms[min(len(sorted_ms) - 1, int(p * len(sorted_ms)))] / 1000.0
