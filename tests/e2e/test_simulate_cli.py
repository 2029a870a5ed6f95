"""`switchboard simulate` end to end: the installed command on a shipped example scenario."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "scenarios" / "small_center.yaml"
FIGURES = (
    "queue_length.png",
    "service_level.png",
    "wait_distribution.png",
    "abandonment.png",
    "occupancy.png",
    "predicted_vs_realised.png",
)


def _simulate(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "switchboard.cli.main", "simulate", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_simulate_writes_records_metrics_and_report_when_given_the_example(tmp_path: Path):
    out = tmp_path / "run"
    done = _simulate(str(EXAMPLE), "--out", str(out), "--seed", "3")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["seed"] == 3
    assert summary["arrivals"] > 300  # ~480 expected over the 4 h at the scenario's rates
    assert summary["answered"] + summary["abandoned"] == summary["queued"]
    with (out / "contacts.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == summary["arrivals"]
    assert {r["queue_id"] for r in rows} == {"Sales", "Support"}
    jsonl = (out / "contacts.jsonl").read_text().splitlines()
    assert [json.loads(line)["contact_id"] for line in jsonl] == [r["contact_id"] for r in rows]
    with (out / "interval_metrics.csv").open() as fh:
        metrics = list(csv.DictReader(fh))
    assert len(metrics) >= 16 * 3  # 15-minute intervals x (all, Sales, Support)
    center = [m for m in metrics if m["queue"] == ""]
    assert sum(int(m["CONTACTS_QUEUED"]) for m in center) == summary["queued"]
    assert any(float(m["AGENT_OCCUPANCY"] or 0) > 50 for m in center)
    report = (out / "report.md").read_text()
    for heading in ("Queue length over time", "Service level per interval", "Wait distribution",
                    "Abandonment", "Agent occupancy", "Predicted vs realised wait"):  # fmt: skip
        assert f"## {heading}" in report
    html = (out / "report.html").read_text()
    for figure in FIGURES:
        assert (out / figure).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"({figure})" in report
        assert f"src='{figure}'" in html


def test_same_seed_gives_the_same_records_when_run_twice(tmp_path: Path):
    for name in ("a", "b"):
        assert _simulate(str(EXAMPLE), "--out", str(tmp_path / name), "--seed", "9").returncode == 0
    assert (tmp_path / "a" / "contacts.csv").read_text() == (
        tmp_path / "b" / "contacts.csv"
    ).read_text()


def test_scenario_error_names_the_field_when_the_yaml_is_wrong(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(EXAMPLE.read_text().replace("mean: 360", "mean: -360"))
    done = _simulate(str(broken), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "agents[1].handle_time.mean: must be > 0" in done.stderr
    assert not (tmp_path / "out").exists()
