"""Logging for `switchboard serve|demo`: one line per record on stderr, made cheap.

The server writes an INFO access line per request (server/asgi.py), so a line's cost is part
of every request's cost. Two things make most of it and are not needed by the format
`asctime levelname name: message`:
* the LogRecord fields no format here prints: the caller's file and line (a walk up the whole
  uvicorn stack), thread, process and multiprocessing names. They are switched off as the
  logging HOWTO ("Optimization") describes;
* `time.strftime` for `asctime`: done once per second and reused (`SecondFormatter`).
Together: ~10 us -> ~5 us per line, measured in process.
What is left is the write: a `StreamHandler` flushes every line, one `write` system call per
request (~8 % of the server's time under load). `BatchedStreamHandler` keeps INFO lines while
the server's event loop runs and writes them together at most `delay_s` later (and at exit);
anything above INFO, or a line logged with no loop running, goes out at once with whatever
was kept, so order is preserved and a crash report is never held back.
Even so a `logging` record costs ~8 us (record, handler lock, formatter) against ~1.5 us for
the text itself, so the per-request access line skips the record: `access_writer()` formats
exactly what `FORMAT` would print and hands the line to the same handler (same order, same
batching), checking the `switchboard.access` level on every call.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TextIO

ACCESS_LOGGER = "switchboard.access"

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class SecondFormatter(logging.Formatter):
    """`logging.Formatter` whose default `asctime` text is computed once per second."""

    def __init__(self, fmt: str) -> None:
        super().__init__(fmt)
        self._second = -1
        self._text = ""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        return self.asctime(record.created, record.msecs)

    def asctime(self, created: float, msecs: float | None = None) -> str:
        """The default `asctime` text of an instant (what `formatTime` prints for a record
        created then; `msecs` as the record keeps it); the seconds part is formatted once
        per second."""
        second = int(created)
        if second != self._second:
            self._text = time.strftime(self.default_time_format, self.converter(created))
            self._second = second
        msec = self.default_msec_format
        if msecs is None:
            msecs = int((created - second) * 1000) + 0.0  # as LogRecord computes it
        return self._text if msec is None else msec % (self._text, msecs)


class BatchedStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A `StreamHandler` that writes INFO lines in batches (see the module docstring)."""

    def __init__(self, stream: TextIO | None = None, delay_s: float = 0.05) -> None:
        super().__init__(stream)
        self.delay_s = delay_s
        self._lines: list[str] = []
        # The loop that has a flush scheduled (None: none). Kept per loop so that a loop that
        # closed with a flush pending cannot hold back the lines of the next one.
        self._due_on: asyncio.AbstractEventLoop | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # noqa: BLE001 - logging's own contract: report, never raise
            self.handleError(record)
            return
        if record.levelno > logging.INFO:
            self._lines.append(line)
            self.flush()
            return
        self.write_line(line)

    def write_line(self, line: str) -> None:
        """Keep an INFO line already formatted; write it with the next batch."""
        self._lines.append(line)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no server loop on this thread: nothing would flush later
            self.flush()
            return
        if self._due_on is not loop:
            self._due_on = loop
            loop.call_later(self.delay_s, self._flush_due)

    def _flush_due(self) -> None:
        self._due_on = None
        self.flush()

    def flush(self) -> None:
        self.acquire()
        try:
            if self._lines:
                text = "\n".join(self._lines) + self.terminator
                self._lines = []
                self.stream.write(text)
            super().flush()
        finally:
            self.release()


_installed: BatchedStreamHandler | None = None


def access_writer() -> Callable[[str, str, str, float], None] | None:
    """`write(method, path, outcome, ms)` printing the access line of one request through the
    handler `configure` installed, as `logging` would print it; None when not configured."""
    handler = _installed
    if handler is None or not isinstance(handler.formatter, SecondFormatter):
        return None
    asctime = handler.formatter.asctime
    enabled = logging.getLogger(ACCESS_LOGGER).isEnabledFor
    prefix = f" INFO {ACCESS_LOGGER}: "

    def write(method: str, path: str, outcome: str, ms: float) -> None:
        if not enabled(logging.INFO):
            return
        line = f"{asctime(time.time())}{prefix}{method} {path} {outcome} {ms:.1f}ms"
        handler.acquire()
        try:
            handler.write_line(line)
        finally:
            handler.release()

    return write


def configure(level: str) -> None:
    """Root logging to stderr at `level`, in `FORMAT`, with the cheap records above."""
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    global _installed
    handler = BatchedStreamHandler()
    handler.setFormatter(SecondFormatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
    _installed = handler
