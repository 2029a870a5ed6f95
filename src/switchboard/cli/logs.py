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
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TextIO

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
        second = int(record.created)
        if second != self._second:
            self._text = time.strftime(self.default_time_format, self.converter(record.created))
            self._second = second
        msec = self.default_msec_format
        return self._text if msec is None else msec % (self._text, record.msecs)


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
        self._lines.append(line)
        if record.levelno > logging.INFO:
            self.flush()
            return
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


def configure(level: str) -> None:
    """Root logging to stderr at `level`, in `FORMAT`, with the cheap records above."""
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    handler = BatchedStreamHandler()
    handler.setFormatter(SecondFormatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
