"""Wait prediction over a recorded call stream, without re-simulation (`switchboard ewt replay`).

The recorded events of a bank1999-format file (`shared/data/bank1999/README.md`) are fed in
time order into a live `RoutingEngine`, as an observer: the engine never decides anything the
recording does not say. At each call's queue entry (`q_start`) the default predictor reads the
engine's state through `wait_context` (what `GetContactMetrics` reads) and the prediction is
recorded with only what was known at that instant.

Mapping (learned online, never from the whole file, so nothing from the future leaks):
* one standard queue per service type, created when its first call arrives; priority-2 callers
  get `QueueTimeAdjustmentSeconds = 90` (the bank's 1.5-minute credit), so positions follow the
  bank's ordering;
* one agent per `server` name, created at its first service, on a routing profile over the
  types it has served so far (extended as it serves new ones). Presence is not in the data, so
  an agent is Available exactly while serving and Offline otherwise: the predictor's "staffed
  agents" are the agents busy on the call's types (whoever is idle in the data took nobody
  from a non-empty queue, so counting them would only mislead);
* a service start: the call gets queue priority 1 (first in line for its agent; a call that
  never queued enters at the regular priority 5 first, so the learned arrival rates per
  priority see no replay-made priority-1 arrivals) and its agent
  turns Available, so the engine connects exactly that call to exactly that agent at the
  recorded instant (queued calls at `q_exit`, so the learned wait is `q_time`; calls that never
  queued at `ser_start` with wait 0); a service end: the agent's next status is Offline, the
  contact ends and its ACW clears at `ser_exit` (learned handle time = `ser_time`);
* an abandonment (HANG in queue): `dequeue(ABANDONED)` at `q_exit`; queued calls served by
  `NO_SERVER` or without service times leave with `dequeue(STOPPED)` at `q_exit`;
* calls that hung up in the VRU are skipped; PHANTOM rows (noise, README) get a prediction
  at their `q_start` and leave the line at once, so they never hold a position.
Order at one instant: service ends, departures from queue, service starts, queue entries (in
file order); a prediction sees every event at or before its instant and nothing after.
When no agent that can take the call is known (first calls of a day), the prediction falls
back to the larger of the head-of-line and last-to-enter-service waits.
Must not import: server, handlers, storage.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from switchboard.domain.channel import Channel
from switchboard.domain.metrics.ewt import Estimate
from switchboard.domain.prediction.baselines import (
    ErlangAEstimator,
    HolEstimator,
    LesEstimator,
    QueueLengthEstimator,
)
from switchboard.domain.routing import (
    AgentConfig,
    DequeueReason,
    EngineSettings,
    EnqueueContact,
    ProfileConfig,
    ProfileQueue,
    QueueConfig,
    RoutingEngine,
)
from switchboard.domain.routing.types import ContactPhase
from switchboard.sim.predict import WaitPredictor
from switchboard.sim.runner import AVAILABLE, OFFLINE
from switchboard.sim.trace_bank import HEADER, NO_SERVER, PRIORITY_CREDIT_S, _open

EPOCH = date(1970, 1, 1)
OUT_COLUMNS = ("date", "vru_line", "call_id", "predicted_wait_s", "p10_s", "p50_s", "p90_s")
BASELINE_NAMES = ("HOL", "LES", "QL", "ErlangA_QL")
OURS = "switchboard"
VOICE = Channel.VOICE

# kinds, in their order at one instant
END, LEAVE, CONNECT, ENTER = 0, 1, 2, 3


class ReplayError(ValueError):
    """The file is missing, not in the bank1999 format, or has a malformed row."""


@dataclass(frozen=True, slots=True)
class Call:
    index: int
    date: str
    vru_line: str
    call_id: str
    type: str
    priority: int
    outcome: str
    server: str
    q_start: int | None  # ms since the epoch
    q_exit: int | None
    ser_start: int | None
    ser_exit: int | None

    @property
    def cid(self) -> str:
        return f"{self.date}/{self.vru_line}/{self.call_id}/{self.index}"

    @property
    def served(self) -> bool:
        return (
            self.outcome == "AGENT"
            and self.server != NO_SERVER
            and self.ser_start is not None
            and self.ser_exit is not None
        )


@dataclass(frozen=True, slots=True)
class Prediction:
    call: Call
    estimates: dict[str, Estimate]  # OURS and the baselines


def read_calls(path: Path) -> list[Call]:
    """The calls of the file in file order. Raises ReplayError."""
    try:
        with _open(path) as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != HEADER:
                raise ReplayError(f"{path}: not a bank1999 call file (header differs)")
            rows = list(reader)
    except OSError as exc:
        raise ReplayError(f"cannot read {path}: {exc.strerror}") from exc
    calls = []
    for i, row in enumerate(rows):
        try:
            base = (date.fromisoformat(row["date"]) - EPOCH).days * 86_400

            def ms(name: str, row: dict[str, str] = row, base: int = base) -> int | None:
                return (base + int(row[name])) * 1000 if row[name] else None

            calls.append(
                Call(
                    i,
                    row["date"],
                    row["vru_line"],
                    row["call_id"],
                    row["type"],
                    int(row["priority"]),
                    row["outcome"],
                    row["server"],
                    ms("q_start"),
                    ms("q_exit"),
                    ms("ser_start"),
                    ms("ser_exit"),
                )
            )
        except (KeyError, ValueError) as exc:
            raise ReplayError(f"{path}: malformed row {i + 2}: {exc}") from exc
    return calls


def _events(calls: list[Call]) -> list[tuple[int, int, int, Call]]:
    """(at, kind, file index, call) in replay order: by instant, then kind, then file order;
    a call that leaves the queue at its own entry instant (q_time 0) leaves after entering."""
    out: list[tuple[int, int, int, Call]] = []
    for c in calls:
        if c.outcome == "PHANTOM":
            if c.q_start is not None:  # noise (README): predicted for, never held in a line
                out.append((c.q_start, ENTER, c.index, c))
            continue
        if c.q_start is not None:
            out.append((c.q_start, ENTER, c.index, c))
            exit_at = c.q_exit if c.q_exit is not None else c.q_start
            out.append((exit_at, CONNECT if c.served else LEAVE, c.index, c))
            if c.served:
                assert c.ser_exit is not None
                out.append((max(c.ser_exit, exit_at), END, c.index, c))
        elif c.served:
            assert c.ser_start is not None and c.ser_exit is not None
            out.append((c.ser_start, CONNECT, c.index, c))
            out.append((max(c.ser_exit, c.ser_start), END, c.index, c))
    out.sort(key=lambda e: (e[0], e[1] if e[0] != e[3].q_start or e[1] == ENTER else 9, e[2]))
    return out


class Replay:
    """The engine and predictor fed one recorded event at a time."""

    def __init__(self) -> None:
        self.engine = RoutingEngine(EngineSettings(offer_timeout_ms=20_000))
        self.predictor = WaitPredictor(
            {
                "HOL": HolEstimator(),
                "LES": LesEstimator(),
                "QL": QueueLengthEstimator(),
                "ErlangA_QL": ErlangAEstimator(),
            }
        )
        self._queues: set[str] = set()
        self._served_types: dict[str, set[str]] = {}
        self._busy: dict[str, str] = {}  # user -> contact id
        self._now = 0

    def _absorb(self, events: list) -> None:  # type: ignore[type-arg]
        self.predictor.observe(events)

    def _queue(self, name: str, at: int) -> None:
        if name not in self._queues:
            self._queues.add(name)
            self.engine.put_queue(QueueConfig(name), at)

    def _agent(self, user: str, service_type: str, at: int) -> None:
        types = self._served_types.get(user)
        if types is not None and service_type in types:
            return
        types = (types or set()) | {service_type}
        self._served_types[user] = types
        profile = ProfileConfig(
            f"p:{user}", tuple(ProfileQueue(t, VOICE, 1, 0) for t in sorted(types)), {VOICE: 1}
        )
        self._absorb(self.engine.put_routing_profile(profile, at))
        if len(types) == 1:
            config = AgentConfig(user, f"p:{user}", None, {VOICE: True})
            self._absorb(self.engine.put_agent(config, at))

    def enter(self, call: Call, at: int) -> Prediction:
        self._queue(call.type, at)
        adjust = PRIORITY_CREDIT_S * 1000 if call.priority == 2 else 0
        ticket = EnqueueContact(call.cid, VOICE, "INBOUND", 5, adjust)
        self._absorb(self.engine.enqueue(ticket, call.type, at))
        ours = self.predictor.estimate(self.engine, call.cid, at)
        estimates = {k: v for k, v in self.predictor.last_extra.items() if v is not None}
        if ours is None:
            hol, les = estimates.get("HOL"), estimates.get("LES")
            fallback = max((e for e in (hol, les) if e is not None), key=lambda e: e.mean_s,
                           default=Estimate(0.0, 0.0, 0.0, 0.0))  # fmt: skip
            ours = fallback
        estimates[OURS] = ours
        for name in BASELINE_NAMES:
            estimates.setdefault(name, ours)  # nobody known to serve: the same fallback
        return Prediction(call, estimates)

    def connect(self, call: Call, at: int) -> None:
        engine, cid, user = self.engine, call.cid, call.server
        self._queue(call.type, at)
        if not engine.has_contact(cid):  # arrives as the regular call it was (priority 5)
            self._absorb(engine.enqueue(EnqueueContact(cid, VOICE, "INBOUND", 5), call.type, at))
        elif engine.contact_state(cid).phase is not ContactPhase.QUEUED:
            return
        self._absorb(engine.update_routing(cid, at, queue_priority=1))
        self._agent(user, call.type, at)
        previous = self._busy.get(user)
        if previous is not None:  # overlapping services in the data: the earlier one ends
            self._finish(user, previous, at)
        self._absorb(engine.set_agent_status(user, AVAILABLE, at))
        if engine.contact_state(cid).phase is ContactPhase.QUEUED:  # not taken: leave quietly
            self._absorb(engine.set_agent_status(user, OFFLINE, at))
            self._absorb(engine.dequeue(cid, at, DequeueReason.STOPPED))
            return
        self._busy[user] = cid

    def leave(self, call: Call, at: int) -> None:
        if self.engine.has_contact(call.cid):
            reason = DequeueReason.ABANDONED if call.outcome == "HANG" else DequeueReason.STOPPED
            self._absorb(self.engine.dequeue(call.cid, at, reason))

    def end(self, call: Call, at: int) -> None:
        if self._busy.get(call.server) == call.cid:
            self._finish(call.server, call.cid, at)

    def _finish(self, user: str, cid: str, at: int) -> None:
        engine = self.engine
        del self._busy[user]
        self._absorb(engine.set_agent_status(user, OFFLINE, at))
        if engine.has_contact(cid):
            self._absorb(engine.end_contact(cid, at))
        if engine.has_contact(cid):
            self._absorb(engine.clear_acw(cid, at))


def replay(
    calls: list[Call], progress: Callable[[int, int], None] | None = None
) -> Iterator[Prediction]:
    """Feed the calls' recorded events in time order; yield each queue entry's prediction."""
    state = Replay()
    events = _events(calls)
    for i, (at, kind, _, call) in enumerate(events):
        if kind == ENTER:
            yield state.enter(call, at)
            if call.outcome == "PHANTOM":
                state.leave(call, at)
        elif kind == CONNECT:
            state.connect(call, at)
        elif kind == LEAVE:
            state.leave(call, at)
        else:
            state.end(call, at)
        if progress is not None and i % 5000 == 0:
            progress(i, len(events))


def write_predictions(predictions: Iterator[Prediction], out: Path) -> int:
    """OUT.csv: one row per call that entered the queue, in file order. Returns the count."""
    rows = sorted(predictions, key=lambda p: p.call.index)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(OUT_COLUMNS)
        for p in rows:
            e = p.estimates[OURS]
            writer.writerow(
                [p.call.date, p.call.vru_line, p.call.call_id,
                 f"{e.mean_s:.1f}", f"{e.p10_s:.1f}", f"{e.p50_s:.1f}", f"{e.p90_s:.1f}"]
            )  # fmt: skip
    return len(rows)


def replay_scores(path: Path) -> list[tuple[dict[str, Estimate], float]]:
    """(estimates, realised wait s) of the served callers who waited (q_time > 0)."""
    out = []
    for p in replay(read_calls(path)):
        c = p.call
        if c.served and c.q_start is not None and c.q_exit is not None and c.q_exit > c.q_start:
            out.append((p.estimates, (c.q_exit - c.q_start) / 1000))
    return out
