"""Response serialization: a handler's member-name-keyed dict -> HTTP status, headers, body.

Owns ``ResponsePlan`` (one per operation, compiled once from the output shape), the body
writers (one per shape) and ``render_error``.

Rules (rest-json, as botocore's ``RestJSONParser`` reads them):
    * body members go to a JSON object (orjson) under their serialized name;
      ``header`` members become headers, ``headers`` maps become prefixed headers;
    * ``None`` and absent members are omitted;
    * timestamps are handler ints of epoch **milliseconds** (``datetime`` accepted) rendered
      per ``timestampFormat``: body default ``unixTimestamp`` seconds (fractional allowed),
      header default RFC 822;
    * blobs become base64, non-finite floats become ``"NaN"``/``"Infinity"``;
    * a member that is not in the shape raises ``SerializationError`` (a handler bug).

Errors: status from the error shape's ``error.httpStatusCode`` (unless overridden), header
``x-amzn-ErrorType: <ShapeName>``, JSON body with ``Message`` plus extra modelled members.

Imports only the standard library, botocore, orjson and ``switchboard.aws``.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from typing import Any

import orjson
from botocore.model import (
    ListShape,
    MapShape,
    NoShapeFoundError,
    OperationModel,
    ServiceModel,
    Shape,
    StructureShape,
)

from switchboard.aws.errors import SerializationError, ServiceError
from switchboard.aws.timestamps import format_timestamp, to_millis

__all__ = ["JSON_HEADERS", "ResponsePlan", "body_writer", "render_error"]

Writer = Callable[[Any, str], Any]
Header = tuple[bytes, bytes]

JSON_CONTENT_TYPE: Header = (b"Content-Type", b"application/json")
JSON_HEADERS: tuple[Header, ...] = (JSON_CONTENT_TYPE,)


def _write_timestamp(fmt: str) -> Writer:
    def write(value: Any, path: str) -> Any:
        try:
            return format_timestamp(to_millis(value), fmt)
        except TypeError as exc:
            raise SerializationError(f"{path}: {exc}") from None

    return write


def _write_blob(value: Any, path: str) -> Any:
    if isinstance(value, str):
        value = value.encode()
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise SerializationError(f"{path}: blob must be bytes, not {type(value).__name__}")
    return base64.b64encode(value).decode("ascii")


def _write_float(value: Any, path: str) -> Any:
    if type(value) is float and not math.isfinite(value):
        if math.isnan(value):
            return "NaN"
        return "Infinity" if value > 0 else "-Infinity"
    return value


class _StructWriter:
    """Checks member names and writes a structure as a JSON object."""

    __slots__ = ("members", "shape_name")

    def __init__(self, shape_name: str) -> None:
        self.shape_name = shape_name
        self.members: dict[str, tuple[str, Writer | None]] = {}

    def __call__(self, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise SerializationError(
                f"{path}: {self.shape_name} must be a dict, not {type(value).__name__}"
            )
        members = self.members
        result: dict[str, Any] = {}
        for name, item in value.items():
            entry = members.get(name)
            if entry is None:
                raise SerializationError(
                    f"{path}: {name!r} is not a member of {self.shape_name} "
                    f"(members: {', '.join(sorted(members)) or 'none'})"
                )
            if item is None:
                continue
            key, writer = entry
            result[key] = item if writer is None else writer(item, f"{path}.{name}")
        return result


def _list_writer(member: Writer) -> Writer:
    def write(value: Any, path: str) -> Any:
        return [member(item, f"{path}[{i}]") for i, item in enumerate(value)]

    return write


def _map_writer(member: Writer) -> Writer:
    def write(value: Any, path: str) -> Any:
        return {key: member(item, f"{path}[{key!r}]") for key, item in value.items()}

    return write


_WRITERS: dict[tuple[int, str, str], Writer | None] = {}


def body_writer(shape: Shape) -> Writer | None:
    """Writer rendering a handler value of ``shape`` as JSON data; ``None`` = as is."""
    fmt = shape.serialization.get("timestampFormat", "")
    key = (id(shape.__dict__.get("_shape_resolver")), shape.name, fmt)
    if key in _WRITERS:
        return _WRITERS[key]
    writer: Writer | None
    if isinstance(shape, StructureShape) and not shape.is_document_type:
        struct = _StructWriter(shape.name)
        _WRITERS[key] = struct
        for name, member in shape.members.items():
            struct.members[name] = (member.serialization.get("name", name), body_writer(member))
        return struct
    if isinstance(shape, ListShape):
        member_writer = body_writer(shape.member)
        writer = None if member_writer is None else _list_writer(member_writer)
    elif isinstance(shape, MapShape):
        value_writer = body_writer(shape.value)
        writer = None if value_writer is None else _map_writer(value_writer)
    elif shape.type_name == "timestamp":
        writer = _write_timestamp(fmt or "unixtimestamp")
    elif shape.type_name == "blob":
        writer = _write_blob
    elif shape.type_name in ("float", "double"):
        writer = _write_float
    else:
        writer = None
    _WRITERS[key] = writer
    return writer


def _header_text(shape: Shape, value: Any) -> str:
    kind = shape.type_name
    if kind == "timestamp":
        fmt = shape.serialization.get("timestampFormat", "rfc822")
        return str(format_timestamp(to_millis(value), fmt))
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "list":
        return ",".join(_header_text(shape.member, item) for item in value)
    if shape.serialization.get("jsonvalue"):
        return base64.b64encode(orjson.dumps(value)).decode("ascii")
    return str(value)


class ResponsePlan:
    """Everything needed to write one operation's successful response, compiled once."""

    def __init__(self, operation: OperationModel) -> None:
        self.operation_name = operation.name
        self.status: int = operation.http.get("responseCode", 200)
        shape = operation.output_shape
        self.body: _StructWriter | None = None
        self.headers: dict[str, tuple[str, Shape]] = {}
        self.header_prefixes: dict[str, str] = {}
        self.status_member: str | None = None
        self.payload: tuple[str, Shape, Writer | None] | None = None
        if shape is None:
            return
        payload = shape.serialization.get("payload")
        body = _StructWriter(shape.name)
        for name, member in shape.members.items():
            location = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if location == "header":
                self.headers[name] = (wire, member)
            elif location == "headers":
                self.header_prefixes[name] = wire
            elif location == "statusCode":
                self.status_member = name
            elif name == payload:
                self.payload = (name, member, body_writer(member))
            else:
                body.members[name] = (wire, body_writer(member))
        self.body = body

    def write(self, result: dict[str, Any] | None) -> tuple[int, list[Header], bytes]:
        """Serialize a handler result; raises ``SerializationError`` on unknown members."""
        if self.body is None:
            return self.status, [], b""
        result = result or {}
        if not (self.headers or self.header_prefixes or self.status_member or self.payload):
            document = self.body(result, self.operation_name)
            return self.status, [JSON_CONTENT_TYPE], orjson.dumps(document)
        return self._write_located(result)

    def _write_located(self, result: dict[str, Any]) -> tuple[int, list[Header], bytes]:
        assert self.body is not None
        status = self.status
        headers: list[Header] = []
        rest: dict[str, Any] = {}
        body = b""
        for name, value in result.items():
            if value is None:
                continue
            if name in self.headers:
                wire, shape = self.headers[name]
                headers.append((wire.lower().encode(), _header_text(shape, value).encode()))
            elif name in self.header_prefixes:
                prefix = self.header_prefixes[name]
                headers.extend(
                    ((prefix + k).lower().encode(), str(v).encode()) for k, v in value.items()
                )
            elif name == self.status_member:
                status = int(value)
            elif self.payload is not None and name == self.payload[0]:
                _, shape, writer = self.payload
                if shape.type_name in ("blob", "string"):
                    body = value if isinstance(value, bytes) else str(value).encode()
                else:
                    data = value if writer is None else writer(value, name)
                    body = orjson.dumps(data)
                    headers.append(JSON_CONTENT_TYPE)
            else:
                rest[name] = value
        if self.payload is None:
            body = orjson.dumps(self.body(rest, self.operation_name))
            headers.append(JSON_CONTENT_TYPE)
        elif rest:
            self.body(rest, self.operation_name)  # raises on unknown members
        return status, headers, body


def render_error(
    operation: OperationModel | ServiceModel, error: ServiceError
) -> tuple[int, list[Header], bytes]:
    """Render a ``ServiceError`` as ``(status, headers, body)``.

    The status is ``error.status`` if set, else the error shape's modelled
    ``httpStatusCode``, else 400. Unknown extra fields raise ``SerializationError``.
    """
    service = operation.service_model if isinstance(operation, OperationModel) else operation
    shape: StructureShape | None
    try:
        found = service.shape_for(error.code)
        shape = found if isinstance(found, StructureShape) and found.error_code else None
    except NoShapeFoundError:
        shape = None
    status = error.status
    if status is None:
        status = shape.metadata.get("error", {}).get("httpStatusCode", 400) if shape else 400
    document: dict[str, Any] = {"Message": error.message}
    if error.fields:
        if shape is None:
            document.update(error.fields)
        else:
            fields = {k: v for k, v in error.fields.items() if k not in ("Message", "message")}
            writer = body_writer(shape)
            assert isinstance(writer, _StructWriter)
            document.update(writer(fields, error.code))
    headers = [(b"x-amzn-ErrorType", error.code.encode()), JSON_CONTENT_TYPE]
    return status, headers, orjson.dumps(document)
