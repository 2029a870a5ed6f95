"""What a simulation run leaves behind, and the CSV / JSON-lines writers.

* `SimRecord`: one contact segment as the server would record it (`Contact`, folded from the
  engine's events by `domain.contacts.recorder.apply`, the server's own fold) plus what only a
  simulation knows: the arrival stream, a trace label, whether it arrived during warm-up, the
  wait predicted at queue entry and, for a replayed trace, the recorded wait and outcome.
* `StatusSpan`: an agent in one status over [start_ms, end_ms) (for occupancy and staffing).

Flat, immutable and shaped like contact records (Ciw's `DataRecord`), so the metrics code reads
simulated and served contacts alike.
Must not import: server, handlers, storage.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from switchboard.domain.contacts.contact import Contact


@dataclass(frozen=True, slots=True)
class SimRecord:
    contact: Contact
    stream: str
    label: str = ""
    warmup: bool = False
    predicted_wait_ms: int | None = None
    recorded_wait_ms: int | None = None
    recorded_outcome: str | None = None
    predicted_p10_ms: int | None = None
    predicted_p90_ms: int | None = None

    @property
    def answered(self) -> bool:
        return self.contact.connected_to_agent_at is not None

    @property
    def wait_ms(self) -> int | None:
        """Queue duration (dequeue - enqueue); None if never queued or still waiting."""
        return self.contact.queue_duration_ms


@dataclass(frozen=True, slots=True)
class StatusSpan:
    user_id: str
    status: str
    start_ms: int
    end_ms: int


COLUMNS = (
    "contact_id", "stream", "label", "warmup", "channel", "status", "queue_id", "agent_id",
    "initiated_at_ms", "enqueued_at_ms", "dequeued_at_ms", "connected_to_agent_at_ms",
    "disconnected_at_ms", "acw_started_at_ms", "acw_ended_at_ms", "abandoned",
    "queue_priority", "queue_time_adjustment_seconds", "connection_attempts", "missed_count",
    "disconnect_reason", "wait_ms", "predicted_wait_ms", "recorded_wait_ms", "recorded_outcome",
)  # fmt: skip


def row(record: SimRecord) -> dict[str, Any]:
    c = record.contact
    return {
        "contact_id": c.id,
        "stream": record.stream,
        "label": record.label,
        "warmup": record.warmup,
        "channel": c.channel.value,
        "status": c.status.value,
        "queue_id": c.queue_id,
        "agent_id": c.agent_id,
        "initiated_at_ms": c.initiated_at,
        "enqueued_at_ms": c.enqueued_at,
        "dequeued_at_ms": c.dequeued_at,
        "connected_to_agent_at_ms": c.connected_to_agent_at,
        "disconnected_at_ms": c.disconnected_at,
        "acw_started_at_ms": c.acw_started_at,
        "acw_ended_at_ms": c.acw_ended_at,
        "abandoned": c.abandoned,
        "queue_priority": c.queue_priority,
        "queue_time_adjustment_seconds": c.queue_time_adjustment_seconds,
        "connection_attempts": c.connection_attempts,
        "missed_count": c.missed_count,
        "disconnect_reason": c.disconnect_reason,
        "wait_ms": record.wait_ms,
        "predicted_wait_ms": record.predicted_wait_ms,
        "recorded_wait_ms": record.recorded_wait_ms,
        "recorded_outcome": record.recorded_outcome,
    }


def write_csv(records: Iterable[SimRecord], path: Path) -> int:
    """Write one CSV row per contact (empty cell = absent). Returns the row count."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow({k: ("" if v is None else v) for k, v in row(record).items()})
            count += 1
    return count


def write_jsonl(records: Iterable[SimRecord], path: Path) -> int:
    """Write one JSON object per line per contact (absent = null)."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(row(record), separators=(",", ":")))
            fh.write("\n")
            count += 1
    return count


def write_table(rows: list[dict[str, Any]], path: Path) -> None:
    """Write a list of flat dicts (metrics) as CSV with the first row's keys as header."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        if not rows:
            return
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for item in rows:
            writer.writerow({k: ("" if v is None else v) for k, v in item.items()})
