"""`sim/ewt_replay.py`: predictions over recorded calls use nothing from the future."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from switchboard.sim.ewt_replay import read_calls, replay
from switchboard.sim.trace_bank import HEADER

BANK = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "bank1999"
FILE = BANK / "1999-02-01_14.csv.gz"


def _slice(tmp_path: Path, name: str, keep: int) -> Path:
    """The first `keep` rows of the bank file (rows are in date, then VRU-entry order)."""
    if not FILE.is_file():
        pytest.fail(f"bank1999 data missing: expected {FILE} (../shared/data/bank1999/)")
    with gzip.open(FILE, "rt", encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(keep + 1)]
    out = tmp_path / name
    out.write_text("".join(lines), encoding="utf-8")
    return out


def _predictions(path: Path) -> dict[tuple[str, str, str], tuple[float, float, float, float]]:
    return {
        (p.call.date, p.call.vru_line, p.call.call_id): (
            p.estimates["switchboard"].mean_s,
            p.estimates["switchboard"].p10_s,
            p.estimates["switchboard"].p50_s,
            p.estimates["switchboard"].p90_s,
        )
        for p in replay(read_calls(path))
    }


def test_earlier_predictions_are_unchanged_when_the_file_is_truncated(tmp_path: Path) -> None:
    full_path = _slice(tmp_path, "day.csv", 3000)
    full = _predictions(full_path)
    calls = read_calls(full_path)
    # cut at the VRU entry of row 2000: the shorter file lacks every later call entirely
    cut = 2000
    short = _predictions(_slice(tmp_path, "short.csv", cut))
    # the first instant at which any removed call does anything
    cut_at = min(
        t for c in calls[cut:] for t in (c.q_start, c.ser_start, c.q_exit) if t is not None
    )
    earlier = {
        (c.date, c.vru_line, c.call_id)
        for c in calls[:cut]
        if c.q_start is not None and c.q_start < cut_at
    }
    assert len(earlier) > 300  # a real test: hundreds of queued calls before the cut
    later = set(full) - earlier
    assert any(full[k] != short.get(k) for k in later)  # the cut does change later ones
    for key in earlier:
        assert short[key] == full[key], key


def test_predictions_move_with_the_queue_when_lines_grow(tmp_path: Path) -> None:
    preds = list(replay(read_calls(_slice(tmp_path, "day.csv", 1500))))
    assert len(preds) > 200
    ours = [p.estimates["switchboard"] for p in preds]
    assert all(0 <= e.p10_s <= e.p50_s <= e.p90_s for e in ours)
    assert len({round(e.mean_s) for e in ours}) > 20  # not a frozen queue-level average


def test_header_must_be_the_bank_format_when_reading(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    from switchboard.sim.ewt_replay import ReplayError

    with pytest.raises(ReplayError, match="header"):
        read_calls(bad)
    good = tmp_path / "empty.csv"
    good.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    assert read_calls(good) == []
