"""`switchboard ewt replay FILE.csv.gz --out OUT.csv`: wait predictions over recorded calls.

Reads calls in the bank1999 format, feeds their recorded events into the live engine state
(`sim/ewt_replay.py`) and writes, for every call that entered the queue, the prediction made
at its queue entry with only what was known then: `date, vru_line, call_id,
predicted_wait_s, p10_s, p50_s, p90_s`. Exit status 2 with a one-line message on bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ewt = sub.add_parser("ewt", help="estimated wait time tools")
    ewt_sub = ewt.add_subparsers(dest="ewt_command", required=True)
    replay = ewt_sub.add_parser(
        "replay", help="predict waits over a recorded call file (bank1999 format)"
    )
    replay.add_argument("file", help="calls, .csv or .csv.gz, bank1999 header")
    replay.add_argument("--out", required=True, help="CSV of one prediction per queued call")
    replay.add_argument("--quiet", action="store_true", help="no progress on stderr")


def run(args: argparse.Namespace) -> int:
    from switchboard.sim.ewt_replay import ReplayError, read_calls, replay, write_predictions

    try:
        calls = read_calls(Path(args.file))
    except ReplayError as exc:
        print(f"switchboard ewt replay: {exc}", file=sys.stderr)
        return 2

    def progress(done: int, total: int) -> None:
        if not args.quiet:
            print(f"\r[ewt replay] {done}/{total} events", end="", file=sys.stderr, flush=True)

    count = write_predictions(replay(calls, progress), Path(args.out))
    if not args.quiet:
        print(f"\r[ewt replay] {count} predictions -> {args.out}", file=sys.stderr)
    return 0
