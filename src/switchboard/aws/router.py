"""Routing: HTTP method + raw path (+ query) -> operation name and URL-decoded uri labels.

Owns ``Router``, built from every operation's ``http.requestUri`` in the model.

Template features: labels ``{Name}`` (one whole segment), greedy labels ``{Name+}`` (one or
more segments, may contain ``/``), literal query parts (``/foo?bar`` or ``/foo?bar=baz``
requires that query key, and value). When several templates match, the one with the most
literal segments wins, then the one with more query literals (the AWS/Smithy rule that a
literal beats a label).

Speed: non-greedy routes are bucketed by ``(method, segment count, first literal segment)``
plus a ``(method, segment count, None)`` bucket for templates starting with a label, each
bucket pre-sorted by specificity, so a lookup touches a handful of candidates. Greedy routes
(none in connect today) are kept per method as compiled regexes.

Labels are split on the *raw* path and only then percent-decoded, so an ARN label such as
``arn%3Aaws%3Aconnect%3A...%2Finstance%2Fabc`` stays one segment. Imports only the stdlib.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

__all__ = ["Match", "Route", "Router"]

_LABEL = re.compile(r"^\{([^}]+?)(\+?)\}$")


@dataclass(frozen=True, slots=True)
class Route:
    """One compiled request template."""

    operation: str
    method: str
    template: str
    #: per segment: (literal, None) or (None, label name)
    segments: tuple[tuple[str | None, str | None], ...]
    query_literals: tuple[tuple[str, str | None], ...]
    greedy: re.Pattern[str] | None
    literal_count: int

    @property
    def specificity(self) -> tuple[int, int]:
        return (self.literal_count, len(self.query_literals))


@dataclass(slots=True)  # not frozen: made per request (see gateway.RequestContext)
class Match:
    """A routing result: the operation and its URL-decoded uri labels."""

    operation: str
    path_params: dict[str, str]


def _compile(operation: str, method: str, template: str) -> Route:
    path, _, query = template.partition("?")
    query_literals: list[tuple[str, str | None]] = []
    for part in filter(None, query.split("&")):
        key, eq, value = part.partition("=")
        query_literals.append((key, value if eq else None))
    segments: list[tuple[str | None, str | None]] = []
    greedy_parts: list[str] = []
    is_greedy = False
    for raw in path.strip("/").split("/") if path.strip("/") else []:
        label = _LABEL.match(raw)
        if label is None:
            segments.append((raw, None))
            greedy_parts.append(re.escape(raw))
        else:
            segments.append((None, label.group(1)))
            if label.group(2):
                is_greedy = True
                greedy_parts.append(f"(?P<{_group(label.group(1))}>.+)")
            else:
                greedy_parts.append(f"(?P<{_group(label.group(1))}>[^/]+)")
    greedy = re.compile("^/" + "/".join(greedy_parts) + "/?$") if is_greedy else None
    return Route(
        operation=operation,
        method=method.upper(),
        template=template,
        segments=tuple(segments),
        query_literals=tuple(query_literals),
        greedy=greedy,
        literal_count=sum(1 for lit, _ in segments if lit is not None),
    )


def _group(label: str) -> str:
    """Regex group names must be identifiers; labels in the model always are, but be safe."""
    return re.sub(r"\W", "_", label)


def _query_ok(route: Route, query: Sequence[tuple[str, str]]) -> bool:
    for key, value in route.query_literals:
        if not any(k == key and (value is None or v == value) for k, v in query):
            return False
    return True


class Router:
    """Maps (method, raw path, query) to a ``Match``; see the module docstring."""

    def __init__(self, routes: Iterable[tuple[str, str, str]]) -> None:
        """Args: routes: ``(operation name, HTTP method, requestUri template)`` triples."""
        buckets: dict[tuple[str, int, str | None], list[Route]] = {}
        greedy: dict[str, list[Route]] = {}
        self.routes: list[Route] = []
        for operation, method, template in routes:
            route = _compile(operation, method, template)
            self.routes.append(route)
            if route.greedy is not None:
                greedy.setdefault(route.method, []).append(route)
                continue
            first = route.segments[0][0] if route.segments else None
            key = (route.method, len(route.segments), first)
            buckets.setdefault(key, []).append(route)
        for bucket in (*buckets.values(), *greedy.values()):
            bucket.sort(key=lambda r: r.specificity, reverse=True)
        self._buckets = buckets
        self._greedy = greedy

    def match(
        self, method: str, raw_path: str, query: Sequence[tuple[str, str]] = ()
    ) -> Match | None:
        """Find the most specific operation for a request, or ``None``.

        Args:
            method: HTTP method (any case).
            raw_path: the percent-encoded path, without the query string.
            query: decoded query pairs (only used for templates with literal query parts).
        """
        method = method.upper()
        stripped = raw_path.strip("/")
        parts = stripped.split("/") if stripped else []
        best: tuple[Route, dict[str, str]] | None = None
        count = len(parts)
        for first in (parts[0] if parts else None, None):
            bucket = self._buckets.get((method, count, first))
            if not bucket:
                continue
            for route in bucket:
                if best is not None and route.specificity <= best[0].specificity:
                    break
                params = self._match_segments(route, parts, query)
                if params is not None:
                    best = (route, params)
                    break
            if first is None:
                break
        for route in self._greedy.get(method, ()):
            if best is not None and route.specificity <= best[0].specificity:
                break
            found = route.greedy.match(raw_path) if route.greedy else None
            if found is not None and _query_ok(route, query):
                params = {
                    label: unquote(found.group(_group(label)))
                    for lit, label in route.segments
                    if label is not None
                }
                best = (route, params)
                break
        if best is None:
            return None
        return Match(best[0].operation, best[1])

    @staticmethod
    def _match_segments(
        route: Route, parts: list[str], query: Sequence[tuple[str, str]]
    ) -> dict[str, str] | None:
        params: dict[str, str] = {}
        for (literal, label), part in zip(route.segments, parts, strict=True):
            if literal is not None:
                if part != literal:
                    return None
            elif not part:
                return None
            else:
                assert label is not None
                params[label] = unquote(part) if "%" in part else part
        if route.query_literals and not _query_ok(route, query):
            return None
        return params
