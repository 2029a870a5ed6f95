"""bank1999 call records -> a replay scenario (one queue per type, priority credit, agents over
the types they served, shifts from activity) and a replay through the engine."""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path

import pytest

from switchboard.sim.distributions import Exponential
from switchboard.sim.runner import simulate
from switchboard.sim.scenario import ScenarioError
from switchboard.sim.trace_bank import HEADER, is_bank_trace, load_bank_trace, read_calls

REPO = Path(__file__).resolve().parents[3]
BANK = REPO.parent / "shared" / "data" / "bank1999" / "1999-02-01_14.csv.gz"

ROWS = [
    # date, line, id, prio, type, outcome, server, vru_in, vru_out, q_start, q_exit, s_start, s_exit, vt, qt, st
    "1999-02-01,AA0101,1,0,PS,AGENT,DANA,100,110,,,109,400,10,0,291",
    "1999-02-01,AA0101,2,2,PS,AGENT,DANA,500,510,510,540,539,700,10,30,161",
    "1999-02-01,AA0102,3,1,NE,AGENT,DANA,600,605,605,700,699,800,5,95,101",
    "1999-02-01,AA0103,4,0,NE,HANG,NO_SERVER,610,620,620,680,,,10,60,0",
    "1999-02-01,AA0104,5,0,PS,HANG,NO_SERVER,630,650,,,,,20,0,0",
    "1999-02-01,AA0105,6,0,PS,PHANTOM,NO_SERVER,640,650,650,660,659,700,10,10,41",
    "1999-02-02,AA0101,7,0,PS,AGENT,OMER,100,120,,,119,300,20,0,181",
]  # fmt: skip


def _write(tmp_path: Path, rows: list[str], gz: bool = False) -> Path:
    text = ",".join(HEADER) + "\n" + "\n".join(rows) + "\n"
    path = tmp_path / ("t.csv.gz" if gz else "t.csv")
    if gz:
        with gzip.open(path, "wt") as fh:
            fh.write(text)
    else:
        path.write_text(text)
    return path


def test_calls_map_to_queue_arrivals_when_read_from_the_trace(tmp_path: Path):
    calls = read_calls(_write(tmp_path, ROWS))
    # PHANTOM and the VRU hang-up (never queued) are dropped
    assert [c.type for c in calls] == ["PS", "PS", "NE", "NE", "PS"]
    assert calls[0].arrival_s == 110  # never queued: enters at vru_exit
    assert calls[1].arrival_s == 510  # q_start
    assert calls[-1].arrival_s == 86_400 + 120  # the second day is offset by a day


def test_scenario_has_a_queue_per_type_and_profiles_over_served_types_when_mapped(tmp_path: Path):
    scenario = load_bank_trace(_write(tmp_path, ROWS, gz=True))
    assert [q.name for q in scenario.queues] == ["NE", "PS"]
    agents = {g.name: g for g in scenario.agents}
    assert set(agents) == {"DANA", "OMER"}
    profiles = {p.name: p for p in scenario.routing_profiles}
    assert {e.queue for e in profiles[agents["DANA"].routing_profile].queues} == {"NE", "PS"}
    assert {e.queue for e in profiles[agents["OMER"].routing_profile].queues} == {"PS"}
    # DANA served 109-400 and 539-800: one shift (gaps under 10 min); OMER on day 2
    assert [(s.start_seconds, s.end_seconds) for s in agents["DANA"].shifts] == [(109, 800)]
    assert agents["OMER"].shifts[0].start_seconds == 86_400 + 119


def test_priority_two_callers_get_ninety_seconds_and_recorded_times_when_mapped(tmp_path: Path):
    scenario = load_bank_trace(_write(tmp_path, ROWS))
    ps = next(a for a in scenario.arrivals if a.name == "PS")
    ne = next(a for a in scenario.arrivals if a.name == "NE")
    credited = [r for r in ps.trace if r.queue_time_adjustment_seconds == 90]
    assert [r.at_seconds for r in credited] == [510]
    served = ps.trace[1]
    assert served.handle_seconds == 161
    assert served.patience_seconds is None
    assert served.min_patience_seconds == 30  # waited 30 s without giving up
    hang = next(r for r in ne.trace if r.recorded_outcome == "HANG")
    assert hang.patience_seconds == 60  # time to abandon
    # NE: one hang-up over 95 + 60 s of waiting -> exponential patience with mean 155 s
    assert ne.patience == Exponential(155)


def test_file_is_recognised_only_when_it_has_the_bank_header(tmp_path: Path):
    assert is_bank_trace(_write(tmp_path, ROWS))
    other = tmp_path / "other.csv"
    other.write_text("arrival_seconds\n5\n")
    assert not is_bank_trace(other)


def test_malformed_row_is_named_when_a_time_is_not_a_number(tmp_path: Path):
    bad = ROWS[:1] + ["1999-02-01,AA0101,9,0,PS,AGENT,DANA,1,x,,,5,9,1,0,4"]
    with pytest.raises(ScenarioError, match=r"trace\[row 3\]"):
        read_calls(_write(tmp_path, bad))


def _real_rows(n: int) -> list[str]:
    if not BANK.is_file():
        pytest.fail(
            f"the bank1999 trace is missing: expected {BANK} (the shared data folder next to "
            "the repository, see shared/data/bank1999/README.md)"
        )
    with gzip.open(BANK, "rt") as fh:
        header = fh.readline().strip()
        assert tuple(header.split(",")) == HEADER
        return [line.strip() for line in itertools.islice(fh, n)]


def test_real_slice_replays_through_the_engine_when_read_from_shared_data(tmp_path: Path):
    rows = [r for r in _real_rows(4000) if r.startswith("1999-02-01")]
    scenario = load_bank_trace(_write(tmp_path, rows, gz=True))
    assert {q.name for q in scenario.queues} <= {"PS", "PE", "IN", "NE", "NW", "TT"}
    result = simulate(scenario, seed=1)
    replayed = [r for r in result.records if r.recorded_outcome is not None]
    assert len(replayed) == sum(len(a.trace) for a in scenario.arrivals) > 1000
    served = [r for r in replayed if r.recorded_outcome == "AGENT"]
    # a served call keeps its recorded service time
    recorded = {
        a.handle_seconds for s in scenario.arrivals for a in s.trace if a.handle_seconds is not None
    }
    handles = [
        (r.contact.disconnected_at - r.contact.connected_to_agent_at) / 1000
        for r in served
        if r.contact.connected_to_agent_at is not None and r.contact.disconnected_at is not None
    ]
    assert handles
    assert set(handles) <= recorded
    answered = [r for r in replayed if r.answered]
    assert len(answered) > 0.8 * len(served)
    assert all(r.label in {q.name for q in scenario.queues} for r in replayed)
