"""Replay of the Anonymous Bank call records (`shared/data/bank1999/`, format in its README)
as a simulation scenario.

Mapping to Connect concepts:
* one standard queue per service type (`PS`, `PE`, `IN`, `NE`, `NW`, `TT`), one arrival
  stream per type; a call arrives in its queue at `q_start` (or at `vru_exit` when an agent
  was free and it never queued: `q_start` equals `vru_exit` whenever both exist);
* priority-2 callers get `QueueTimeAdjustmentSeconds = 90` (the bank credits them 1.5 min
  of waiting); everyone else keeps the default priority, so the engine serves the oldest
  adjusted age first across the queues an agent serves (the pooled rule of the README);
* one agent per `server` name, with a routing profile over exactly the types that agent
  served (all at priority 1), auto-accept, no after-contact work. Shifts are the agent's
  spans of activity: consecutive services less than `SHIFT_GAP_S` (10 min) apart belong to one
  shift from the first service start to the last service end. Presence is not in the data, so
  this is an estimate: a longer gap counts breaks as staffed time and the simulated waits come
  out shorter than the recorded ones (1 h gaps: about a quarter of them), a shorter one longer;
* a served call's handle time is its recorded `ser_time`. Patience: a caller who hung up in
  the queue abandons after exactly its recorded `q_time`; a served caller waited `q_time`
  without abandoning, so its patience is `q_time` plus an exponential residual whose rate is
  the type's censored maximum-likelihood abandonment rate (hang-ups / total time waited);
* dropped: PHANTOM rows (the data owners say to ignore them) and callers who hung up in the
  VRU before reaching a queue. Calls served by `NO_SERVER` are kept (some agent serves them).
The recorded wait and outcome ride along in each record for the report's comparison.
Must not import: server, handlers, storage.
"""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from switchboard.domain.channel import Channel
from switchboard.sim import distributions as d
from switchboard.sim.scenario import (
    AgentGroupSpec,
    ArrivalStreamSpec,
    ProfileQueueSpec,
    QueueSpec,
    RoutingProfileSpec,
    Scenario,
    ScenarioError,
    Shift,
    TraceArrival,
)

HEADER = (
    "date", "vru_line", "call_id", "priority", "type", "outcome", "server", "vru_entry",
    "vru_exit", "q_start", "q_exit", "ser_start", "ser_exit", "vru_time", "q_time", "ser_time",
)  # fmt: skip
DAY_S = 86_400
SHIFT_GAP_S = 600
PRIORITY_CREDIT_S = 90
NO_SERVER = "NO_SERVER"


@dataclass(frozen=True, slots=True)
class BankCall:
    """One call, times in seconds since midnight of the trace's first day."""

    type: str
    priority: int
    outcome: str
    server: str
    arrival_s: int
    q_time_s: int
    ser_start_s: int | None
    ser_exit_s: int | None
    ser_time_s: int


def is_bank_trace(path: Path) -> bool:
    """True when `path` is a CSV (optionally gzipped) with the bank1999 header."""
    if not path.name.endswith((".csv", ".csv.gz")) or not path.is_file():
        return False
    try:
        with _open(path) as fh:
            return tuple(fh.readline().strip().split(",")) == HEADER
    except (OSError, UnicodeDecodeError):
        return False


def read_calls(path: Path, days: int | None = None) -> list[BankCall]:
    """The replayable calls of the trace (the first `days` calendar days if given), by arrival.

    Raises: ScenarioError when the file is missing or a row is malformed (naming the row).
    """
    try:
        with _open(path) as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise ScenarioError("trace", f"cannot read {path}: {exc.strerror}") from exc
    if not rows:
        return []
    first = min(date.fromisoformat(r["date"]) for r in rows)
    calls = []
    for i, row in enumerate(rows):
        try:
            call = _call(row, first)
        except (KeyError, ValueError) as exc:
            raise ScenarioError(f"trace[row {i + 2}]", f"malformed bank1999 row: {exc}") from exc
        if call is None:
            continue
        if days is not None and call.arrival_s >= days * DAY_S:
            continue
        calls.append(call)
    calls.sort(key=lambda c: c.arrival_s)
    return calls


def _call(row: dict[str, str], first: date) -> BankCall | None:
    outcome = row["outcome"]
    if outcome == "PHANTOM":
        return None
    if outcome == "HANG" and not row["q_start"]:
        return None  # hung up in the VRU: never reached a queue
    base = (date.fromisoformat(row["date"]) - first).days * DAY_S
    entry = row["q_start"] or row["vru_exit"]
    if not entry:
        return None

    def opt(name: str) -> int | None:
        return base + int(row[name]) if row[name] else None

    return BankCall(
        type=row["type"],
        priority=int(row["priority"]),
        outcome=outcome,
        server=row["server"],
        arrival_s=base + int(entry),
        q_time_s=int(row["q_time"] or 0),
        ser_start_s=opt("ser_start"),
        ser_exit_s=opt("ser_exit"),
        ser_time_s=int(row["ser_time"] or 0),
    )


def load_bank_trace(path: Path, days: int | None = None, name: str | None = None) -> Scenario:
    """The scenario that replays the trace (mapping in the module docstring)."""
    calls = read_calls(path, days)
    if not calls:
        raise ScenarioError("trace", f"{path} holds no replayable calls")
    types = sorted({c.type for c in calls})
    served_by: dict[str, set[str]] = defaultdict(set)
    services: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for c in calls:
        if c.server != NO_SERVER and c.ser_start_s is not None and c.ser_exit_s is not None:
            served_by[c.server].add(c.type)
            services[c.server].append((c.ser_start_s, c.ser_exit_s))
    profiles: dict[tuple[str, ...], RoutingProfileSpec] = {}
    for agent_types in {tuple(sorted(t)) for t in served_by.values()}:
        profiles[agent_types] = RoutingProfileSpec(
            "+".join(agent_types),
            tuple(ProfileQueueSpec(t, Channel.VOICE, 1) for t in agent_types),
            {Channel.VOICE: 1},
        )
    all_handles = [float(c.ser_time_s) for c in calls if c.outcome == "AGENT" and c.ser_time_s > 0]
    agents = tuple(
        AgentGroupSpec(
            name=server,
            count=1,
            names=(server,),
            routing_profile=profiles[tuple(sorted(served_by[server]))].name,
            handle_time=d.empirical(all_handles),  # only for callers without a recorded time
            shifts=tuple(_shifts(services[server])),
        )
        for server in sorted(served_by)
    )
    streams = tuple(_stream(t, [c for c in calls if c.type == t]) for t in types)
    last = max(c.arrival_s for c in calls)
    duration = (days * DAY_S) if days is not None else (last // DAY_S + 1) * DAY_S
    return Scenario(
        name=name or f"bank1999 replay of {path.name}" + (f" ({days} days)" if days else ""),
        description=(
            "Anonymous Bank (Technion SEE lab) call records replayed: one queue per service "
            "type, priority-2 callers credited 90 s, agents with the types they served"
        ),
        duration_seconds=float(duration),
        queues=tuple(QueueSpec(t) for t in types),
        routing_profiles=tuple(profiles[k] for k in sorted(profiles)),
        agents=agents,
        arrivals=streams,
        interval_seconds=3600.0,
        service_level_seconds=20.0,
    )


def _shifts(spans: list[tuple[int, int]]) -> Iterator[Shift]:
    spans.sort()
    start, end = spans[0]
    for a, b in spans[1:]:
        if a - end > SHIFT_GAP_S:
            yield Shift(float(start), float(max(end, start + 1)))
            start, end = a, b
        else:
            end = max(end, b)
    yield Shift(float(start), float(max(end, start + 1)))


def _stream(service_type: str, calls: list[BankCall]) -> ArrivalStreamSpec:
    hangs = sum(1 for c in calls if c.outcome == "HANG")
    exposure = sum(c.q_time_s for c in calls)
    # Censored exponential MLE of the abandonment rate; with no hang-up, patience is unbounded.
    patience = d.Exponential(exposure / hangs) if hangs and exposure > 0 else None
    arrivals = tuple(
        TraceArrival(
            at_seconds=float(c.arrival_s),
            queue=service_type,
            handle_seconds=float(c.ser_time_s) if c.outcome == "AGENT" else None,
            patience_seconds=float(c.q_time_s) if c.outcome == "HANG" else None,
            min_patience_seconds=float(c.q_time_s) if c.outcome == "AGENT" else 0.0,
            queue_time_adjustment_seconds=PRIORITY_CREDIT_S if c.priority == 2 else 0,
            label=service_type,
            recorded_wait_seconds=float(c.q_time_s),
            recorded_outcome=c.outcome,
        )
        for c in calls
    )
    return ArrivalStreamSpec(
        name=service_type, channel=Channel.VOICE, queue=service_type, trace=arrivals,
        patience=patience,
    )  # fmt: skip


def _open(path: Path):  # type: ignore[no-untyped-def]  # text handle of either kind
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open("r", encoding="utf-8", newline="")
