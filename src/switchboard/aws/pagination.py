"""Pagination tokens and the model's paginator configuration.

Owns ``TokenCodec`` (opaque, tamper-evident ``NextToken`` values), ``params_digest`` and
``paginator_config`` (botocore's ``paginators-1`` for connect).

Token format: ``urlsafe_b64(json) + "." + urlsafe_b64(hmac_sha256(secret, json)[:16])`` with
``json = {"p": position, "d": params_digest}``, base64 padding stripped. Tokens survive
restarts as long as the secret does, so nothing here uses ``hash()`` (it is salted per
process). A token is only valid with the same filter parameters it was issued for: the
params digest excludes ``NextToken`` and ``MaxResults`` (AWS lets the page size change).

Imports only the standard library, botocore and orjson.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import botocore.loaders
import orjson

__all__ = [
    "InvalidTokenError",
    "PaginatorConfig",
    "TokenCodec",
    "paginator_config",
    "params_digest",
]

_MAC_BYTES = 16


class InvalidTokenError(ValueError):
    """The token was not issued by this codec, was altered, or belongs to other parameters."""


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    return base64.urlsafe_b64decode(padded.encode("ascii"))


def _default(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot digest {type(value).__name__}")


def params_digest(
    params: dict[str, Any], exclude: Iterable[str] = ("NextToken", "MaxResults")
) -> str:
    """A stable sha256 hex digest of the request parameters, ignoring ``exclude``."""
    skip = frozenset(exclude)
    kept = {k: v for k, v in params.items() if k not in skip and v is not None}
    canonical = orjson.dumps(kept, option=orjson.OPT_SORT_KEYS, default=_default)
    return hashlib.sha256(canonical).hexdigest()


class TokenCodec:
    """Encodes pagination positions into signed, opaque tokens and back."""

    def __init__(self, secret: bytes) -> None:
        if not secret:
            raise ValueError("TokenCodec needs a non-empty secret")
        self._secret = secret

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()[:_MAC_BYTES]

    def encode(self, position: dict[str, Any], params_digest: str) -> str:
        """Return a token for ``position`` (JSON-able) bound to ``params_digest``."""
        payload = orjson.dumps({"p": position, "d": params_digest}, option=orjson.OPT_SORT_KEYS)
        return f"{_b64encode(payload)}.{_b64encode(self._mac(payload))}"

    def decode(self, token: str, params_digest: str) -> dict[str, Any]:
        """Return the position stored in ``token``.

        Raises:
            InvalidTokenError: bad format or base64, wrong signature, wrong params digest.
        """
        try:
            payload_text, mac_text = token.split(".")
            payload = _b64decode(payload_text)
            mac = _b64decode(mac_text)
        except (ValueError, binascii.Error, UnicodeError, AttributeError) as exc:
            raise InvalidTokenError("malformed pagination token") from exc
        if not hmac.compare_digest(mac, self._mac(payload)):
            raise InvalidTokenError("pagination token signature mismatch")
        try:
            document = orjson.loads(payload)
        except orjson.JSONDecodeError as exc:
            raise InvalidTokenError("malformed pagination token") from exc
        if not isinstance(document, dict) or not isinstance(document.get("p"), dict):
            raise InvalidTokenError("malformed pagination token")
        if not hmac.compare_digest(str(document.get("d", "")), params_digest):
            raise InvalidTokenError("pagination token was issued for different parameters")
        position: dict[str, Any] = document["p"]
        return position


@dataclass(frozen=True, slots=True)
class PaginatorConfig:
    """One entry of botocore's ``paginators-1`` (multi-valued keys as tuples)."""

    operation: str
    input_token: tuple[str, ...]
    output_token: tuple[str, ...]
    limit_key: str | None
    result_key: tuple[str, ...]


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)


@cache
def _paginators() -> dict[str, Any]:
    data: dict[str, Any] = botocore.loaders.Loader().load_service_model("connect", "paginators-1")
    pagination: dict[str, Any] = data.get("pagination", {})
    return pagination


def paginator_config(op_name: str) -> PaginatorConfig | None:
    """The paginator of ``op_name`` from botocore's ``paginators-1``, or ``None``."""
    raw = _paginators().get(op_name)
    if raw is None:
        return None
    return PaginatorConfig(
        operation=op_name,
        input_token=_as_tuple(raw.get("input_token")),
        output_token=_as_tuple(raw.get("output_token")),
        limit_key=raw.get("limit_key"),
        result_key=_as_tuple(raw.get("result_key")),
    )
