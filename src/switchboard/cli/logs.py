"""Logging for `switchboard serve|demo`: one line per record on stderr, made cheap.

The server writes an INFO access line per request (server/asgi.py), so a line's cost is part
of every request's cost. Two things make most of it and are not needed by the format
`asctime levelname name: message`:
* the LogRecord fields no format here prints: the caller's file and line (a walk up the whole
  uvicorn stack), thread, process and multiprocessing names. They are switched off as the
  logging HOWTO ("Optimization") describes;
* `time.strftime` for `asctime`: done once per second and reused (`SecondFormatter`).
Together: ~10 us -> ~5 us per line, measured in process.
"""

from __future__ import annotations

import logging
import time

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


def configure(level: str) -> None:
    """Root logging to stderr at `level`, in `FORMAT`, with the cheap records above."""
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    handler = logging.StreamHandler()
    handler.setFormatter(SecondFormatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
