"""Operations for this resource group; the table below is filled as they are implemented."""

from __future__ import annotations

from switchboard.handlers.context import Handler

OPERATIONS: dict[str, Handler] = {}
