"""`switchboard ewt replay` end to end on a slice of the bank1999 calls."""

from __future__ import annotations

import csv
import gzip
import subprocess
import sys
from pathlib import Path

import pytest

FILE = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "bank1999"
    / "1999-02-01_14.csv.gz"
)


def _slice(tmp_path: Path, rows: int) -> Path:
    if not FILE.is_file():
        pytest.fail(f"bank1999 data missing: expected {FILE} (../shared/data/bank1999/)")
    out = tmp_path / "slice.csv.gz"
    with (
        gzip.open(FILE, "rt", encoding="utf-8") as src,
        gzip.open(out, "wt", encoding="utf-8") as dst,
    ):
        for _ in range(rows + 1):
            dst.write(next(src))
    return out


def test_replay_writes_one_prediction_per_queued_call_when_given_bank_calls(tmp_path: Path) -> None:
    src = _slice(tmp_path, 1200)
    out = tmp_path / "out.csv"
    done = subprocess.run(
        [sys.executable, "-m", "switchboard.cli.main", "ewt", "replay", str(src), "--out", str(out), "--quiet"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        queued = {
            (r["date"], r["vru_line"], r["call_id"]) for r in csv.DictReader(fh) if r["q_start"]
        }
    with out.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == [
            "date",
            "vru_line",
            "call_id",
            "predicted_wait_s",
            "p10_s",
            "p50_s",
            "p90_s",
        ]
        rows = list(reader)
    assert {(r["date"], r["vru_line"], r["call_id"]) for r in rows} == queued
    assert len(rows) == len(queued)
    for r in rows:
        p10, p50, p90 = float(r["p10_s"]), float(r["p50_s"]), float(r["p90_s"])
        assert 0 <= p10 <= p50 <= p90
        assert float(r["predicted_wait_s"]) >= 0


def test_replay_fails_clearly_when_the_file_is_missing(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "switchboard.cli.main", "ewt", "replay", str(tmp_path / "nope.csv"),
         "--out", str(tmp_path / "o.csv")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "cannot read" in done.stderr
