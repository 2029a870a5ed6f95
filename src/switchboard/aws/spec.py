"""The loaded botocore ``connect`` model and its per-operation compiled plans.

Owns ``ConnectSpec``: the one place the service model is loaded (once per process via
``ConnectSpec.default()``; tests may build their own). Plans (``OperationPlan``: request
reader + response writer) are compiled lazily, once per operation, and cached; the router
is built once from every operation's ``http.requestUri``. Nothing here is hand-copied from
the model: names, templates, shapes and error codes all come from botocore.

    ConnectSpec ── ServiceModel (botocore)
               ├── Router
               └── OperationPlan (per operation) ── RequestPlan (parser + validator)
                                                 └── ResponsePlan (serializer)

Imports only the standard library, botocore and ``switchboard.aws``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

import botocore
import botocore.loaders
from botocore.model import OperationModel, ServiceModel

from switchboard.aws.parser import RequestPlan
from switchboard.aws.router import Router
from switchboard.aws.serializer import ResponsePlan

__all__ = ["BOTOCORE_VERSION", "SERVICE_NAME", "ConnectSpec", "OperationPlan"]

BOTOCORE_VERSION: str = botocore.__version__
SERVICE_NAME = "connect"


@dataclass(frozen=True, slots=True)
class OperationPlan:
    """Precompiled request and response handling for one operation."""

    operation: OperationModel
    request: RequestPlan
    response: ResponsePlan

    @property
    def name(self) -> str:
        return str(self.operation.name)


class ConnectSpec:
    """The ``connect`` service model plus lazily compiled, cached per-operation plans."""

    _default: ClassVar[ConnectSpec | None] = None
    _default_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, service_model: ServiceModel | None = None) -> None:
        if service_model is None:
            raw = botocore.loaders.Loader().load_service_model(SERVICE_NAME, "service-2")
            service_model = ServiceModel(raw, service_name=SERVICE_NAME)
        self.service_model = service_model
        self._names: tuple[str, ...] = tuple(sorted(service_model.operation_names))
        self._operations: dict[str, OperationModel] = {}
        self._plans: dict[str, OperationPlan] = {}
        self._lock = threading.Lock()

    @classmethod
    def default(cls) -> ConnectSpec:
        """The process-wide spec (loading the model costs ~100 ms, so do it once)."""
        if cls._default is None:
            with cls._default_lock:
                if cls._default is None:
                    cls._default = cls()
        return cls._default

    def operation_names(self) -> tuple[str, ...]:
        """All operation names of the model, sorted."""
        return self._names

    def operation(self, name: str) -> OperationModel:
        """The botocore ``OperationModel`` for ``name``.

        Raises:
            KeyError: if the model has no such operation.
        """
        found = self._operations.get(name)
        if found is None:
            if name not in self.service_model.operation_names:
                raise KeyError(name)
            found = self._operations[name] = self.service_model.operation_model(name)
        return found

    def plan(self, name: str) -> OperationPlan:
        """The compiled plan for ``name`` (compiled on first use, then cached).

        Raises:
            KeyError: if the model has no such operation.
        """
        found = self._plans.get(name)
        if found is None:
            with self._lock:
                found = self._plans.get(name)
                if found is None:
                    operation = self.operation(name)
                    found = OperationPlan(
                        operation, RequestPlan(operation), ResponsePlan(operation)
                    )
                    self._plans[name] = found
        return found

    def compile_all(self) -> None:
        """Compile every plan now (e.g. at server start-up, to keep first requests fast)."""
        for name in self._names:
            self.plan(name)

    @cached_property
    def router(self) -> Router:
        """The router over every operation's ``http.method`` and ``http.requestUri``."""
        routes = []
        for name in self._names:
            http = self.operation(name).http
            routes.append((name, http.get("method", "POST"), http["requestUri"]))
        return Router(routes)
