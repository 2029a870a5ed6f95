"""Timestamp conversions between the wire and int epoch milliseconds.

Owns the only place where wire timestamps are parsed or formatted. Inside Switchboard every
timestamp is an ``int`` of epoch **milliseconds**; on the wire, per the model and botocore's
``RestJSONSerializer``:

* JSON body: ``unixTimestamp`` by default (epoch seconds, fractional allowed), or
  ``iso8601`` when the shape says so (e.g. ``RealTimeContactAnalysisTimeInstant``);
* query string: ``iso8601`` by default; header: ``rfc822`` (``Tue, 14 Nov 2023 22:13:20 GMT``).

Parsing is lenient (any of the three formats is accepted anywhere, as AWS does); formatting
follows the declared format. Imports only the standard library.
"""

from __future__ import annotations

import calendar
import datetime as dt
from email.utils import formatdate, parsedate_to_datetime
from typing import Any

__all__ = ["format_timestamp", "parse_timestamp", "to_millis"]

_UTC = dt.UTC


def _datetime_millis(value: dt.datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=_UTC)
    return calendar.timegm(value.utctimetuple()) * 1000 + value.microsecond // 1000


def parse_timestamp(value: Any) -> int | None:
    """Parse a wire timestamp (number of epoch seconds, ISO 8601 or RFC 822) to epoch ms.

    Returns ``None`` when the value is not a timestamp in any supported format.
    """
    if type(value) is int:
        return value * 1000
    if type(value) is float:
        return round(value * 1000)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return round(float(text) * 1000)
    except ValueError:
        pass
    try:
        return _datetime_millis(dt.datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return _datetime_millis(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


def to_millis(value: Any) -> int:
    """Normalise a handler value (int ms or ``datetime``) to int epoch milliseconds.

    Raises:
        TypeError: for anything else (a handler bug).
    """
    if type(value) is int:
        return value
    if isinstance(value, dt.datetime):
        return _datetime_millis(value)
    raise TypeError(f"timestamp must be int epoch milliseconds or datetime, not {value!r}")


def format_timestamp(millis: int, fmt: str) -> int | float | str:
    """Render epoch ``millis`` in a model timestamp format (``unixtimestamp``, ``iso8601``,
    ``rfc822``); unix seconds stay an int when there is no fractional part."""
    fmt = fmt.lower()
    if fmt == "unixtimestamp":
        seconds, rest = divmod(millis, 1000)
        return seconds if rest == 0 else millis / 1000
    if fmt == "iso8601":
        moment = dt.datetime.fromtimestamp(millis // 1000, _UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{millis % 1000:03d}Z"
    if fmt == "rfc822":
        return formatdate(millis // 1000, usegmt=True)
    raise ValueError(f"unknown timestamp format {fmt!r}")
