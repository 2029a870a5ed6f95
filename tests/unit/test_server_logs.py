"""The server's log lines: the once-per-second `asctime` cache prints what logging prints, and
batched writes keep every line, in order, without holding back warnings."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator

import pytest

from switchboard.cli import logs
from switchboard.cli.logs import FORMAT, BatchedStreamHandler, SecondFormatter


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


class _Stream:
    """Records each write call, so a test sees how lines were batched."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def write(self, text: str) -> None:
        self.writes.append(text)

    def flush(self) -> None:
        pass


def _logger(stream: _Stream, delay_s: float) -> logging.Logger:
    handler = BatchedStreamHandler(stream, delay_s)  # type: ignore[arg-type]
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log = logging.getLogger(f"test.batched.{id(stream)}")
    log.propagate = False
    log.handlers = [handler]
    log.setLevel(logging.INFO)
    return log


def test_info_lines_in_a_running_loop_are_written_together_after_the_delay() -> None:
    stream = _Stream()
    log = _logger(stream, 0.02)

    async def serve() -> list[str]:
        for i in range(3):
            log.info("request %d", i)
        held = list(stream.writes)
        await asyncio.sleep(0.06)
        return held

    held = asyncio.run(serve())
    assert held == []
    assert stream.writes == ["INFO request 0\nINFO request 1\nINFO request 2\n"]


def test_a_warning_goes_out_at_once_after_the_lines_kept_before_it() -> None:
    stream = _Stream()
    log = _logger(stream, 60.0)

    async def serve() -> None:
        log.info("first")
        log.warning("trouble")

    asyncio.run(serve())
    assert stream.writes == ["INFO first\nWARNING trouble\n"]


def test_lines_outside_a_loop_are_written_at_once_and_close_writes_what_is_kept() -> None:
    stream = _Stream()
    log = _logger(stream, 60.0)
    log.info("no loop")
    assert stream.writes == ["INFO no loop\n"]

    async def serve() -> None:
        log.info("kept")

    asyncio.run(serve())  # the loop closed before its flush was due
    assert stream.writes == ["INFO no loop\n"]
    log.info("next loop-less line")  # not held back by the closed loop's pending flush
    assert stream.writes[-1] == "INFO kept\nINFO next loop-less line\n"
    log.handlers[0].close()


@pytest.fixture
def access_logger() -> Iterator[logging.Logger]:
    """The access logger; its level is set back (with setLevel, which clears the
    enabled-for caches) after the test."""
    log = logging.getLogger(logs.ACCESS_LOGGER)
    old = log.level
    yield log
    log.setLevel(old)


def test_the_access_writer_prints_the_line_logging_would_print_in_order(
    monkeypatch: pytest.MonkeyPatch, access_logger: logging.Logger
) -> None:
    stream = _Stream()
    handler = BatchedStreamHandler(stream, 60.0)  # type: ignore[arg-type]
    handler.setFormatter(SecondFormatter(FORMAT))
    monkeypatch.setattr(logs, "_installed", handler)
    access_logger.setLevel(logging.INFO)
    instant = 1_700_000_000.25
    monkeypatch.setattr(time, "time", lambda: instant)
    write = logs.access_writer()
    assert write is not None
    record = access_logger.makeRecord(
        logs.ACCESS_LOGGER, logging.INFO, "", 0, "%s %s %s %.1fms",
        ("POST", "/contact/metrics/i/c", "200", 0.44), None,
    )  # fmt: skip
    record.created, record.msecs = instant, 250.0
    expected = logging.Formatter(FORMAT).format(record)

    warning = access_logger.makeRecord(logs.ACCESS_LOGGER, logging.WARNING, "", 0, "late", (), None)
    warning.created, warning.msecs = instant, 250.0

    async def serve() -> None:
        write("POST", "/contact/metrics/i/c", "200", 0.44)
        handler.handle(warning)  # kept INFO lines go out first, at once

    asyncio.run(serve())
    assert stream.writes == [f"{expected}\n{expected[:23]} WARNING switchboard.access: late\n"]


def test_the_access_writer_is_silent_when_the_access_logger_is_above_info(
    monkeypatch: pytest.MonkeyPatch, access_logger: logging.Logger
) -> None:
    stream = _Stream()
    handler = BatchedStreamHandler(stream, 0.0)  # type: ignore[arg-type]
    handler.setFormatter(SecondFormatter(FORMAT))
    monkeypatch.setattr(logs, "_installed", handler)
    access_logger.setLevel(logging.WARNING)
    write = logs.access_writer()
    assert write is not None
    write("POST", "/x", "200", 1.0)
    handler.flush()
    assert stream.writes == []
