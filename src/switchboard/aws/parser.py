"""Request parsing: HTTP pieces -> a plain dict keyed by the model's member names.

Owns ``RequestPlan`` (one per operation, compiled once from the botocore ``OperationModel``)
and the body readers (one per shape). ``RequestPlan.read`` is the whole inbound pipeline
after routing: collect uri labels, query parameters (scalars, lists, map-of-rest), headers
(single and prefix maps) and the JSON body, convert wire types (timestamps -> int epoch ms,
blobs -> bytes, ``"NaN"``/``"Infinity"`` -> float), then validate (``validate``). Unknown
body members are dropped, as AWS ignores them. Any problem, malformed JSON included, raises
``ServiceError`` with the operation's modelled validation error, never anything else.

    RequestPlan ── uri / query / header locations (string converters)
               └── body: _StructReader ── _ListReader / _MapReader / scalar readers

Imports only the standard library, botocore, orjson and ``switchboard.aws``.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import orjson
from botocore.model import ListShape, MapShape, OperationModel, Shape, StructureShape

from switchboard.aws.errors import ServiceError
from switchboard.aws.timestamps import parse_timestamp
from switchboard.aws.validate import (
    StructureValidator,
    compile_validator,
    validation_message,
)

__all__ = ["RequestPlan", "validation_error_code"]

_INTEGER = re.compile(r"^[+-]?\d+$")
_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
_FALLBACK_VALIDATION_ERROR = "InvalidParameterException"

#: converter(text) -> value. On failure a converter returns the text unchanged, so the
#: validator reports the type mismatch exactly once, with the member path.
Converter = Callable[[str], Any]
Reader = Callable[[Any], Any]


def validation_error_code(operation: OperationModel) -> str:
    """The error shape used for validation failures of ``operation``.

    Prefer ``InvalidParameterException``, then ``InvalidRequestException``, then the first
    modelled 4xx error of the operation.
    """
    names = [shape.name for shape in operation.error_shapes]
    for preferred in ("InvalidParameterException", "InvalidRequestException"):
        if preferred in names:
            return preferred
    for shape in operation.error_shapes:
        status = shape.metadata.get("error", {}).get("httpStatusCode", 400)
        if 400 <= status < 500:
            return str(shape.name)
    return _FALLBACK_VALIDATION_ERROR


# --------------------------------------------------------------------------- string converters


def _string(text: str) -> Any:
    return text


def _integer(text: str) -> Any:
    return int(text) if _INTEGER.match(text) else text


def _float(text: str) -> Any:
    special = _SPECIAL_FLOATS.get(text)
    if special is not None:
        return special
    try:
        return float(text)
    except ValueError:
        return text


def _boolean(text: str) -> Any:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    return text


def _timestamp(text: str) -> Any:
    millis = parse_timestamp(text)
    return text if millis is None else millis


def _blob(text: str) -> Any:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return text


_CONVERTERS: dict[str, Converter] = {
    "string": _string,
    "integer": _integer,
    "long": _integer,
    "float": _float,
    "double": _float,
    "boolean": _boolean,
    "timestamp": _timestamp,
    "blob": _blob,
}


def _converter(shape: Shape) -> Converter:
    return _CONVERTERS.get(shape.type_name, _string)


def _split_header_list(text: str) -> list[str]:
    """Split a comma-joined header list, honouring botocore's double-quote escaping."""
    items: list[str] = []
    for raw in re.findall(r'\s*("(?:[^"\\]|\\.)*"|[^,]*)\s*(?:,|$)', text):
        if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
            items.append(raw[1:-1].replace('\\"', '"'))
        elif raw:
            items.append(raw)
    return items


# --------------------------------------------------------------------------- body readers


def _read_timestamp(value: Any) -> Any:
    if type(value) is bool:
        return value  # the validator reports it
    millis = parse_timestamp(value)
    return value if millis is None else millis


def _read_blob(value: Any) -> Any:
    return _blob(value) if isinstance(value, str) else value


def _read_float(value: Any) -> Any:
    return _SPECIAL_FLOATS.get(value, value) if isinstance(value, str) else value


_SCALAR_READERS: dict[str, Reader] = {
    "timestamp": _read_timestamp,
    "blob": _read_blob,
    "float": _read_float,
    "double": _read_float,
}


class _StructReader:
    """Renames JSON keys to member names, drops unknown keys and nulls, converts members."""

    __slots__ = ("members",)

    def __init__(self) -> None:
        self.members: dict[str, tuple[str, Reader | None]] = {}

    def __call__(self, value: Any) -> Any:
        if type(value) is not dict:
            return value
        members = self.members
        result: dict[str, Any] = {}
        for key, item in value.items():
            entry = members.get(key)
            if entry is None or item is None:
                continue
            name, reader = entry
            result[name] = item if reader is None else reader(item)
        return result


def _list_reader(member: Reader) -> Reader:
    def read(value: Any) -> Any:
        if type(value) is not list:
            return value
        return [None if item is None else member(item) for item in value]

    return read


def _map_reader(member: Reader) -> Reader:
    def read(value: Any) -> Any:
        if type(value) is not dict:
            return value
        return {k: None if v is None else member(v) for k, v in value.items()}

    return read


_READERS: dict[tuple[int, str], Reader | None] = {}


def body_reader(shape: Shape) -> Reader | None:
    """Reader converting a JSON value of ``shape``; ``None`` means "use the value as is"."""
    key = (id(shape.__dict__.get("_shape_resolver")), shape.name)
    if key in _READERS:
        return _READERS[key]
    reader: Reader | None
    if isinstance(shape, StructureShape) and not shape.is_document_type:
        struct = _StructReader()
        _READERS[key] = struct
        for name, member in shape.members.items():
            json_key = member.serialization.get("name", name)
            struct.members[json_key] = (name, body_reader(member))
        return struct
    if isinstance(shape, ListShape):
        member_reader = body_reader(shape.member)
        reader = None if member_reader is None else _list_reader(member_reader)
    elif isinstance(shape, MapShape):
        value_reader = body_reader(shape.value)
        reader = None if value_reader is None else _map_reader(value_reader)
    else:
        reader = _SCALAR_READERS.get(shape.type_name)
    _READERS[key] = reader
    return reader


# --------------------------------------------------------------------------- the plan


class RequestPlan:
    """Everything needed to read one operation's request, compiled once."""

    def __init__(self, operation: OperationModel) -> None:
        self.operation_name: str = operation.name
        self.error_code: str = validation_error_code(operation)
        shape = operation.input_shape
        self.uri: list[tuple[str, str, Converter]] = []
        self.query: dict[str, tuple[str, Converter, bool]] = {}
        self.query_map: tuple[str, bool] | None = None
        self.headers: dict[str, tuple[str, Shape]] = {}
        self.header_prefixes: list[tuple[str, str]] = []
        self.body: _StructReader | None = None
        self.payload: tuple[str, Shape] | None = None
        self.validator: StructureValidator | None = None
        if shape is None:
            return
        self._compile(shape)

    def _compile(self, shape: StructureShape) -> None:
        validator = compile_validator(shape)
        assert isinstance(validator, StructureValidator)
        self.validator = validator
        payload = shape.serialization.get("payload")
        body = _StructReader()
        for name, member in shape.members.items():
            location = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if location == "uri":
                self.uri.append((wire, name, _converter(member)))
            elif location == "querystring":
                if isinstance(member, MapShape):
                    self.query_map = (name, isinstance(member.value, ListShape))
                elif isinstance(member, ListShape):
                    self.query[wire] = (name, _converter(member.member), True)
                else:
                    self.query[wire] = (name, _converter(member), False)
            elif location == "header":
                self.headers[wire.lower()] = (name, member)
            elif location == "headers":
                self.header_prefixes.append((wire.lower(), name))
            elif name == payload:
                self.payload = (name, member)
            elif payload is None:
                body.members[member.serialization.get("name", name)] = (
                    name,
                    body_reader(member),
                )
        if body.members:
            self.body = body

    def read(
        self,
        path_params: Mapping[str, str],
        query: list[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> dict[str, Any]:
        """Parse and validate one request into a member-name-keyed dict.

        Args:
            path_params: URL-decoded uri labels by label name (from the router).
            query: decoded query pairs, in order.
            headers: header values by lower-case name.
            body: raw body bytes.

        Raises:
            ServiceError: the operation's validation error, listing every violation.
        """
        out: list[str] = []
        params: dict[str, Any] = {}
        if self.body is not None and body.strip():
            params = self._read_body(body)
        elif self.payload is not None:
            self._read_payload(body, params)
        for label, name, convert in self.uri:
            text = path_params.get(label)
            if text is not None:
                params[name] = convert(text)
        if query and (self.query or self.query_map is not None):
            self._read_query(query, params)
        if self.headers or self.header_prefixes:
            self._read_headers(headers, params)
        if self.validator is not None:
            self.validator.check(params, "", out)
        if out:
            raise ServiceError(self.error_code, validation_message(out))
        return params

    def _read_body(self, body: bytes) -> dict[str, Any]:
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise ServiceError(
                self.error_code, f"Unable to parse request body as JSON: {exc}"
            ) from None
        if type(document) is not dict:
            raise ServiceError(self.error_code, "Request body must be a JSON object")
        assert self.body is not None
        result: dict[str, Any] = self.body(document)
        return result

    def _read_payload(self, body: bytes, params: dict[str, Any]) -> None:
        assert self.payload is not None
        name, shape = self.payload
        if not body:
            return
        if shape.type_name in ("blob", "string"):
            params[name] = body if shape.type_name == "blob" else body.decode("utf-8", "replace")
            return
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise ServiceError(
                self.error_code, f"Unable to parse request body as JSON: {exc}"
            ) from None
        reader = body_reader(shape)
        params[name] = document if reader is None else reader(document)

    def _read_query(self, query: list[tuple[str, str]], params: dict[str, Any]) -> None:
        rest: dict[str, Any] = {}
        for key, text in query:
            entry = self.query.get(key)
            if entry is None:
                if self.query_map is not None:
                    if self.query_map[1]:
                        rest.setdefault(key, []).append(text)
                    else:
                        rest.setdefault(key, text)
                continue
            name, convert, is_list = entry
            value = convert(text)
            if is_list:
                params.setdefault(name, []).append(value)
            elif name not in params:
                params[name] = value
        if rest and self.query_map is not None:
            params[self.query_map[0]] = rest

    def _read_headers(self, headers: Mapping[str, str], params: dict[str, Any]) -> None:
        for header, (name, shape) in self.headers.items():
            text = headers.get(header)
            if text is None:
                continue
            if isinstance(shape, ListShape):
                convert = _converter(shape.member)
                params[name] = [convert(t) for t in _split_header_list(text)]
            elif shape.serialization.get("jsonvalue"):
                try:
                    params[name] = orjson.loads(base64.b64decode(text))
                except (binascii.Error, ValueError):
                    params[name] = text
            else:
                params[name] = _converter(shape)(text)
        for prefix, name in self.header_prefixes:
            found = {h[len(prefix) :]: v for h, v in headers.items() if h.startswith(prefix)}
            if found:
                params[name] = found
