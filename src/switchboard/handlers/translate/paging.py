"""Paging for List/Search operations: stable order, opaque HMAC-signed tokens.

Items are paged in a fixed key order (ids by default), and the token carries the last key
served, so a token stays valid across restarts and every item is served exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from switchboard.aws.pagination import InvalidTokenError, params_digest
from switchboard.domain.errors import InvalidArgumentError
from switchboard.handlers.context import HandlerContext

T = TypeVar("T")


def page(
    ctx: HandlerContext,
    params: dict[str, Any],
    items: Sequence[T],
    *,
    key: Callable[[T], str] = lambda item: item.id,  # type: ignore[attr-defined]
    default_max: int = 100,
    max_key: str = "MaxResults",
    token_key: str = "NextToken",
) -> tuple[list[T], str | None]:
    """One page of `items` (already filtered) and the token for the next one, if any."""
    ordered = sorted(items, key=key)
    digest = params_digest(params, exclude=(token_key, max_key))
    start = 0
    token = params.get(token_key)
    if token:
        try:
            position = ctx.tokens.decode(token, digest)
            after = str(position["after"])
        except (InvalidTokenError, KeyError, TypeError) as exc:
            raise InvalidArgumentError(
                token_key, "the token is not valid for this request"
            ) from exc
        start = next((i for i, item in enumerate(ordered) if key(item) > after), len(ordered))
    limit = int(params.get(max_key) or default_max)
    chunk = list(ordered[start : start + limit])
    next_token = None
    if start + limit < len(ordered) and chunk:
        next_token = ctx.tokens.encode({"after": key(chunk[-1])}, digest)
    return chunk, next_token
