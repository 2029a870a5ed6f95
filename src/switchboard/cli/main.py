"""Entry point of the `switchboard` console command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8585
DEFAULT_DATA_DIR = "./.switchboard"


def _add_server_args(parser: argparse.ArgumentParser, data_dir: str) -> None:
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help="address to bind (default %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port to listen on (default %(default)s)"
    )
    parser.add_argument(
        "--data-dir", default=data_dir, help="where all state lives (default %(default)s)"
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="keep state in PostgreSQL (postgresql://...) instead of SQLite in --data-dir",
    )
    parser.add_argument(
        "--clock",
        default="wall",
        choices=["wall", "virtual"],
        help="wall: timers fire on their own; virtual: time moves only via /_switchboard/clock",
    )
    parser.add_argument(
        "--offer-timeout",
        type=float,
        default=20.0,
        help="seconds an agent has to accept an offered contact before it is missed",
    )
    parser.add_argument(
        "--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"]
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="switchboard",
        description="A local Amazon Connect: queues, routing and contact metrics behind the AWS API.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run a blank server whose state lives in --data-dir")
    _add_server_args(serve, DEFAULT_DATA_DIR)
    demo = sub.add_parser("demo", help="run a server with a demo contact center")
    _add_server_args(demo, "./.switchboard-demo")
    demo.add_argument(
        "--no-traffic", action="store_true", help="start the demo center without simulated traffic"
    )
    demo.add_argument(
        "--rate",
        type=float,
        default=1.0,
        help="speed of the simulated traffic: arrivals x RATE, durations / RATE (default 1)",
    )
    coverage = sub.add_parser("coverage", help="print the table of supported operations")
    coverage.add_argument("--output", help="write Markdown here instead of stdout")
    coverage.add_argument(
        "--readme", action="store_true", help="rewrite the table inside README.md in place"
    )
    simulate = sub.add_parser("simulate", help="run a scenario (or replay a trace) in-process")
    simulate.add_argument("scenario", help="scenario YAML, or a bank1999 call-record trace")
    simulate.add_argument("--out", required=True, help="directory for records and the report")
    simulate.add_argument("--seed", type=int, default=None, help="overrides the scenario's seed")
    simulate.add_argument("--days", type=int, default=None, help="trace: replay only N days")
    simulate.add_argument("--quiet", action="store_true", help="no progress bar")
    from switchboard.cli import ewt

    ewt.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in ("serve", "demo"):
        from switchboard.cli import logs

        logs.configure(args.log_level)
        from switchboard.cli.serve import run_demo, run_serve

        common = (
            args.host,
            args.port,
            args.data_dir,
            args.database_url,
            args.clock,
            int(args.offer_timeout * 1000),
        )
        if args.command == "demo":
            return run_demo(*common, traffic=not args.no_traffic, rate=args.rate)
        return run_serve(*common)
    if args.command == "coverage":
        from switchboard.cli.coverage import coverage_markdown

        text = coverage_markdown()
        if args.readme:
            from switchboard.cli.coverage import update_readme

            update_readme("README.md", text)
        elif args.output:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            sys.stdout.write(text)
        return 0
    if args.command == "simulate":
        from switchboard.cli.simulate import run_simulate

        return run_simulate(args.scenario, args.out, args.seed, args.days, args.quiet)
    if args.command == "ewt":
        from switchboard.cli import ewt

        return ewt.run(args)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
