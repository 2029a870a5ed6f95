"""The server's log lines: the once-per-second `asctime` cache prints what logging prints."""

from __future__ import annotations

import logging

from switchboard.cli.logs import FORMAT, SecondFormatter


def _record(created: float) -> logging.LogRecord:
    record = logging.LogRecord(
        "switchboard.access", logging.INFO, "", 0, "%s %s", ("GET", "/q"), None
    )
    record.created = created
    record.msecs = (created - int(created)) * 1000
    return record


def test_lines_equal_the_standard_formatter_when_seconds_repeat_and_change() -> None:
    fast, standard = SecondFormatter(FORMAT), logging.Formatter(FORMAT)
    instants = [
        1_700_000_000.001,
        1_700_000_000.999,
        1_700_000_001.5,
        1_700_000_001.25,
        1_700_003_600.0,
    ]
    for created in instants:
        record = _record(created)
        assert fast.format(record) == standard.format(record)


def test_explicit_date_format_is_honoured_when_given() -> None:
    record = _record(1_700_000_000.5)
    assert SecondFormatter(FORMAT).formatTime(record, "%Y") == logging.Formatter().formatTime(
        record, "%Y"
    )
