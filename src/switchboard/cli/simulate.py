"""`switchboard simulate SCENARIO --out DIR [--seed N]`: run a scenario or replay a trace.

SCENARIO is a scenario YAML file (`sim/scenario.py` documents the fields; examples in
`examples/scenarios/`) or a call-record trace in the bank1999 format (`.csv` / `.csv.gz` with
its header; `sim/trace_bank.py`), which becomes a scenario of its own. The run goes through the
routing engine in-process on virtual time (no server, no HTTP) with a progress bar; the output
directory gets the contact records, per-interval metrics and the report. The metrics are
answered through an in-memory SQLite store by the code that answers GetMetricDataV2. The last
line printed is the run's summary as one JSON object. Scenario errors name the field and exit
with status 2.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from switchboard.sim.report import write_outputs
from switchboard.sim.runner import Simulation
from switchboard.sim.scenario import Scenario, ScenarioError
from switchboard.sim.scenario_yaml import load_scenario
from switchboard.sim.trace_bank import is_bank_trace, load_bank_trace
from switchboard.storage.sqlite import SqliteStore


def load(path: str, days: int | None = None) -> Scenario:
    """A scenario from a YAML file or a bank1999 trace file."""
    if is_bank_trace(Path(path)):
        return load_bank_trace(Path(path), days=days)
    return load_scenario(path)


def run_simulate(
    scenario_path: str, out_dir: str, seed: int | None, days: int | None, quiet: bool
) -> int:
    try:
        scenario = load(scenario_path, days)
    except ScenarioError as exc:
        print(f"switchboard simulate: {scenario_path}: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    simulation = Simulation(scenario, seed)
    if quiet or not sys.stderr.isatty():
        result = simulation.run()
    else:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        total = simulation.end_ms / 1000.0
        columns = (
            TextColumn("[bold]simulating[/bold] {task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,.0f}/{task.total:,.0f} s virtual"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, transient=True) as progress:
            task = progress.add_task(scenario.name, total=total)
            result = simulation.run(
                lambda now: progress.update(task, completed=min(total, now / 1000.0))
            )
    elapsed = time.perf_counter() - started
    store = SqliteStore(":memory:")
    try:
        outputs = write_outputs(result, out_dir, store, elapsed)
    finally:
        store.close()
    if not quiet:
        print(f"wrote {len(outputs.files)} files to {outputs.directory} (report: report.html)")
    print(json.dumps(outputs.summary, separators=(",", ":")))
    return 0
