"""The HTTP-level pipeline, independent of any web framework.

Owns ``Gateway``, ``RequestContext`` and ``HttpResponse``. One request goes::

    (method, raw path, query, headers, body)
      -> Router.match                      unknown -> 404 UnknownOperationException
      -> RequestContext (SigV4 scope)      account / region / request id
      -> RequestPlan.read                  parse + validate -> ServiceError (4xx)
      -> dispatch(ctx, operation, params)  ServiceError | NotImplementedError (501) | bug (500)
      -> ResponsePlan.write                -> HttpResponse (+ x-amzn-RequestId on every answer)

Account and region come from the SigV4 ``Authorization`` header credential scope
``Credential=<AKID>/<date>/<region>/<service>/aws4_request``. The region is the scope's
region (``us-east-1`` when there is no scope). The account is the access key id itself when
it is exactly 12 digits (so tests can pick accounts with ``aws_access_key_id="111122223333"``),
else ``123456789012``. Signatures are not verified: Switchboard is a local emulator.

Imports only the standard library, botocore, orjson and ``switchboard.aws``.
"""

from __future__ import annotations

import logging
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import orjson

from switchboard.aws.errors import (
    NOT_IMPLEMENTED_CODE,
    UNKNOWN_OPERATION_CODE,
    NotImplementedOperation,
    ServiceError,
)
from switchboard.aws.serializer import JSON_CONTENT_TYPE, Header, render_error
from switchboard.aws.spec import ConnectSpec

__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_REGION",
    "Dispatch",
    "Gateway",
    "HttpResponse",
    "RequestContext",
    "context_from_headers",
]

LOG = logging.getLogger(__name__)

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
_REQUEST_ID_HEADER = b"x-amzn-RequestId"


# Not frozen: made on every request, and a frozen dataclass routes each field through
# object.__setattr__ (~1 us); nothing assigns to them after construction.
@dataclass(slots=True)
class RequestContext:
    """Who is calling what: handed to the dispatcher with every request."""

    account_id: str
    region: str
    operation: str
    request_id: str


@dataclass(slots=True)
class HttpResponse:
    """A framework-neutral HTTP response."""

    status: int
    headers: list[Header]
    body: bytes


Dispatch = Callable[[RequestContext, str, dict[str, Any]], "dict[str, Any] | None"]


# Request ids only need to be unique, not secret: one generator seeded from the OS instead of
# a system call per request (os.urandom was ~3 % of a GetContactMetrics request).
_ids = random.Random(os.urandom(16))


def _new_request_id() -> str:
    raw = f"{_ids.getrandbits(128):032x}"
    return f"{raw[:8]}-{raw[8:12]}-4{raw[13:16]}-{raw[16:20]}-{raw[20:]}"


def context_from_headers(
    authorization: str | None, operation: str, request_id: str
) -> RequestContext:
    """Build a ``RequestContext`` from the ``Authorization`` header (see module docstring)."""
    account, region = DEFAULT_ACCOUNT_ID, DEFAULT_REGION
    if authorization:
        start = authorization.find("Credential=")
        if start >= 0:
            end = authorization.find(",", start)
            scope = authorization[start + 11 : end if end >= 0 else None].strip().split("/")
            access_key = scope[0]
            if len(access_key) == 12 and access_key.isdigit() and access_key.isascii():
                account = access_key
            if len(scope) >= 3 and scope[2]:
                region = scope[2]
    return RequestContext(account, region, operation, request_id)


class Gateway:
    """Turns raw HTTP pieces into dispatcher calls and dispatcher results into responses."""

    def __init__(self, spec: ConnectSpec, dispatch: Dispatch) -> None:
        """Args:
        spec: the loaded model (plans are compiled lazily, once per operation).
        dispatch: ``dispatch(ctx, operation_name, params) -> response dict``; may raise
            ``ServiceError`` or ``NotImplementedError``.
        """
        self.spec = spec
        self.dispatch = dispatch
        self.router = spec.router

    def handle(
        self,
        method: str,
        raw_path: str,
        query_string: bytes,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
    ) -> HttpResponse:
        """Serve one request; never raises (bugs become logged 500 responses)."""
        request_id = _new_request_id()
        query = (
            parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
            if query_string
            else []
        )
        match = self.router.match(method, raw_path, query)
        if match is None:
            return self._error(
                None,
                ServiceError(
                    UNKNOWN_OPERATION_CODE,
                    f"No Amazon Connect operation matches {method.upper()} {raw_path}",
                    status=404,
                ),
                request_id,
            )
        name = match.operation
        authorization = None
        for key, value in headers:  # ASGI names are lower case
            if key == b"authorization":
                authorization = value.decode("latin-1")
                break
        ctx = context_from_headers(authorization, name, request_id)
        try:
            plan = self.spec.plan(name)
            request = plan.request
            # Only operations with header-bound members read the rest of the headers.
            header_map = (
                {k.decode("latin-1"): v.decode("latin-1") for k, v in headers}
                if request.headers or request.header_prefixes
                else {}
            )
            params = request.read(match.path_params, query, header_map, body)
            result = self.dispatch(ctx, name, params)
            status, out_headers, out_body = plan.response.write(result)
        except ServiceError as exc:
            return self._error(name, exc, request_id)
        except NotImplementedError:
            return self._error(name, NotImplementedOperation(name), request_id)
        except Exception:
            LOG.exception("unhandled error in %s request_id=%s", name, request_id)
            return self._error(
                name,
                ServiceError("InternalServiceException", "Internal service error", status=500),
                request_id,
            )
        out_headers.append((_REQUEST_ID_HEADER, request_id.encode()))
        return HttpResponse(status, out_headers, out_body)

    def _error(self, name: str | None, error: ServiceError, request_id: str) -> HttpResponse:
        if error.code in (UNKNOWN_OPERATION_CODE, NOT_IMPLEMENTED_CODE):
            status = error.status or 400
            headers = [(b"x-amzn-ErrorType", error.code.encode()), JSON_CONTENT_TYPE]
            body = orjson.dumps({"Message": error.message})
        else:
            model = self.spec.operation(name) if name else self.spec.service_model
            try:
                status, headers, body = render_error(model, error)
            except Exception:
                LOG.exception("cannot render %r request_id=%s", error, request_id)
                status, headers, body = render_error(
                    model, ServiceError("InternalServiceException", "Internal service error")
                )
        LOG.debug("%s %s -> %s request_id=%s", name, error.code, status, request_id)
        headers.append((_REQUEST_ID_HEADER, request_id.encode()))
        return HttpResponse(status, headers, body)
