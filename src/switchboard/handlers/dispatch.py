"""The dispatch table: operation name -> handler, and the translation of domain errors.

Handler modules are listed explicitly; `switchboard coverage` reads the same table.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from switchboard.app.container import App, Caller
from switchboard.aws.errors import ServiceError
from switchboard.aws.gateway import RequestContext
from switchboard.aws.pagination import TokenCodec
from switchboard.domain.errors import DomainError
from switchboard.handlers import (
    agent_statuses,
    contact_flows,
    contact_search,
    contacts,
    hierarchy,
    hours,
    instances,
    metrics_historical,
    metrics_realtime,
    predefined_attributes,
    queues,
    quick_connects,
    routing_profiles,
    security_profiles,
    tags,
    user_proficiencies,
    users,
)
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.errors import to_service_error

LOG = logging.getLogger(__name__)

_MODULES = (
    instances,
    contacts,
    contact_search,
    agent_statuses,
    tags,
    hours,
    queues,
    quick_connects,
    routing_profiles,
    security_profiles,
    users,
    user_proficiencies,
    hierarchy,
    predefined_attributes,
    contact_flows,
    metrics_historical,
    metrics_realtime,
)


def operation_table() -> dict[str, Handler]:
    table: dict[str, Handler] = {}
    for module in _MODULES:
        for name, handler in module.OPERATIONS.items():
            if name in table:
                raise RuntimeError(f"operation {name} is implemented twice")
            table[name] = handler
    return table


class Dispatcher:
    """Calls the handler for an operation and turns domain errors into modelled ones."""

    def __init__(
        self,
        app: App,
        tokens: TokenCodec,
        modeled_errors: Callable[[str], frozenset[str]],
    ) -> None:
        self.app = app
        self.tokens = tokens
        self.table = operation_table()
        self._modeled_errors = modeled_errors

    def __call__(
        self, ctx: RequestContext, operation: str, params: dict[str, Any]
    ) -> dict[str, Any]:
        handler = self.table.get(operation)
        if handler is None:
            raise NotImplementedError(operation)
        hctx = HandlerContext(self.app, Caller(ctx.account_id, ctx.region), operation, self.tokens)
        try:
            return handler(hctx, params)
        except DomainError as err:
            LOG.debug("%s failed: %s", operation, err.message)
            raise to_service_error(err, self._modeled_errors(operation)) from err
        except ServiceError:
            raise
