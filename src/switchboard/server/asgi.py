"""A minimal ASGI app: read the request, hand it to the gateway, write the response.

All requests run on the event loop thread, which makes the loop the single owner that applies
every instance's commands in order (no locks in the core).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from switchboard.aws.gateway import Gateway

LOG = logging.getLogger("switchboard.access")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def build_asgi(gateway: Gateway, on_shutdown: Callable[[], None]) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await _lifespan(receive, send, on_shutdown)
            return
        if kind != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        started = time.perf_counter()
        response = gateway.handle(
            scope["method"], scope.get("raw_path", b"").decode("latin-1").split("?", 1)[0]
            or scope["path"], scope.get("query_string", b""), scope["headers"], body
        )
        await send(
            {"type": "http.response.start", "status": response.status, "headers": response.headers}
        )
        await send({"type": "http.response.body", "body": response.body})
        if LOG.isEnabledFor(logging.INFO):
            LOG.info(
                "%s %s %d %.1fms",
                scope["method"],
                scope["path"],
                response.status,
                (time.perf_counter() - started) * 1000,
            )

    return app


async def _lifespan(receive: Receive, send: Send, on_shutdown: Callable[[], None]) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            on_shutdown()
            await send({"type": "lifespan.shutdown.complete"})
            return
