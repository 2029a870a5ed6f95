"""What a handler gets besides its request: the app, the caller, and the paging codec."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from switchboard.app.center.center import ContactCenter
from switchboard.app.container import App, Caller
from switchboard.app.state import InstanceState
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.aws.pagination import TokenCodec


@dataclass(slots=True)  # not frozen: made per request (see aws.gateway.RequestContext)
class HandlerContext:
    app: App
    caller: Caller
    operation: str
    tokens: TokenCodec

    def instance(self, instance_id_or_arn: str) -> InstanceState:
        return self.app.instance_state(self.caller, instance_id_or_arn)

    def center(self, instance_id_or_arn: str) -> ContactCenter:
        """The engine owner of an instance the caller owns (ResourceNotFound otherwise)."""
        return self.app.center_of(self.instance(instance_id_or_arn))

    def unit_of_work(self, instance_id_or_arn: str) -> UnitOfWork:
        return self.app.unit_of_work(self.instance(instance_id_or_arn))

    def now(self) -> int:
        return self.app.now()


Handler = Callable[[HandlerContext, dict[str, Any]], dict[str, Any]]
