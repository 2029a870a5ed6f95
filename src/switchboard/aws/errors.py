"""Errors raised and rendered by the protocol layer.

Owns:
    * ``ServiceError``: a *modelled* Connect error (its ``code`` is an error shape name of the
      botocore ``connect`` model, e.g. ``ResourceNotFoundException``). Handlers raise it; the
      gateway renders it with the status code taken from the model (``error.httpStatusCode``).
    * ``NotImplementedOperation``: what the gateway answers when a dispatcher raises
      ``NotImplementedError`` (501, ``NotImplementedException``).
    * ``SerializationError``: a programming error in a handler response (unknown member,
      wrong type). It is a ``KeyError`` so tests and callers can catch it as such.

Invariants: exceptions carry data (code, message, extra modelled members), never rendered
bodies. Status codes come from the model unless ``status`` is explicitly overridden.

Must not import anything from switchboard outside ``switchboard.aws``.

Hierarchy::

    Exception
     ├── ServiceError
     │    └── NotImplementedOperation
     └── KeyError
          └── SerializationError
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "NOT_IMPLEMENTED_CODE",
    "UNKNOWN_OPERATION_CODE",
    "NotImplementedOperation",
    "SerializationError",
    "ServiceError",
]

#: Error type sent when a dispatcher raises ``NotImplementedError`` (not a modelled shape).
NOT_IMPLEMENTED_CODE = "NotImplementedException"
#: Error type sent when no operation matches the method and path (not a modelled shape).
UNKNOWN_OPERATION_CODE = "UnknownOperationException"


class ServiceError(Exception):
    """A modelled Connect error, rendered by ``serializer.render_error``.

    Args:
        code: the error shape name, e.g. ``"ResourceNotFoundException"``.
        message: the human-readable ``Message`` member.
        fields: extra modelled members of the error shape (``Reason``, ``ResourceId``,
            ``problems`` ...) keyed by wire member name.
        status: explicit HTTP status; ``None`` means "take it from the model".
    """

    def __init__(
        self,
        code: str,
        message: str,
        fields: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.fields: dict[str, Any] = dict(fields) if fields else {}
        self.status = status

    def __repr__(self) -> str:
        return f"ServiceError({self.code!r}, {self.message!r}, fields={self.fields!r})"


class NotImplementedOperation(ServiceError):
    """The operation exists in the model but Switchboard has no handler for it (HTTP 501)."""

    def __init__(self, operation: str) -> None:
        super().__init__(
            NOT_IMPLEMENTED_CODE,
            f"Operation {operation} is not implemented yet by Switchboard",
            status=501,
        )
        self.operation = operation


class SerializationError(KeyError):
    """A handler returned a response that does not fit the operation's output shape.

    This is always a bug in the handler (e.g. a typo in a member name), never a client error.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
