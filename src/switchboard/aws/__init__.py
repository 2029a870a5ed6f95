"""Switchboard's protocol layer: the botocore ``connect`` model drives everything here.

Routing (``router``), parsing (``parser``), validation (``validate``), serialization
(``serializer``), errors (``errors``), pagination (``pagination``) and the framework-free
HTTP pipeline (``gateway``). Imports only the standard library, botocore and orjson; never
``switchboard.domain``, ``app``, ``handlers`` or ``storage`` (import-linter contract).
"""

from switchboard.aws.errors import NotImplementedOperation, SerializationError, ServiceError
from switchboard.aws.gateway import Gateway, HttpResponse, RequestContext
from switchboard.aws.pagination import (
    InvalidTokenError,
    TokenCodec,
    paginator_config,
    params_digest,
)
from switchboard.aws.spec import BOTOCORE_VERSION, ConnectSpec

__all__ = [
    "BOTOCORE_VERSION",
    "ConnectSpec",
    "Gateway",
    "HttpResponse",
    "InvalidTokenError",
    "NotImplementedOperation",
    "RequestContext",
    "SerializationError",
    "ServiceError",
    "TokenCodec",
    "paginator_config",
    "params_digest",
]
