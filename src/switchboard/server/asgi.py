"""The ASGI app: `/_switchboard/*` goes to the controls, everything else to the AWS gateway.

All requests run on the event loop thread, which makes the loop the single owner that applies
every instance's commands in order (no locks in the core).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from switchboard.aws.gateway import Gateway
from switchboard.server.controls import PREFIX

LOG = logging.getLogger("switchboard.access")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
AccessLog = Callable[[str, str, str, float], None]
"""`write(method, path, outcome, milliseconds)`: one access line per request."""


def build_asgi(
    gateway: Gateway,
    controls: ASGIApp,
    on_startup: Callable[[], None],
    on_request: Callable[[], None],
    on_shutdown: Callable[[], None],
    access_log: AccessLog | None = None,
) -> ASGIApp:
    """`access_log`: how to print a request's line (default: `logging`, INFO, on the
    `switchboard.access` logger; the CLI passes a cheaper writer of the same line)."""
    write_access = access_log or _log_record

    def _log(scope: Scope, outcome: str, started: float) -> None:
        write_access(
            scope["method"], scope["path"], outcome, (time.perf_counter() - started) * 1000
        )

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await _lifespan(receive, send, on_startup, on_shutdown)
            return
        if kind != "http":
            return
        path: str = scope["path"]
        started = time.perf_counter()
        if path.startswith(PREFIX + "/"):
            inner = dict(scope)
            inner["path"] = path[len(PREFIX) :]
            inner["root_path"] = scope.get("root_path", "") + PREFIX
            await controls(inner, receive, send)
            _log(scope, "control", started)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        raw_path = scope.get("raw_path") or path.encode()
        response = gateway.handle(
            scope["method"],
            raw_path.decode("latin-1").split("?", 1)[0],
            scope.get("query_string", b""),
            scope["headers"],
            body,
        )
        body = response.body
        # With its length given the server writes the body as is; without, it frames it as
        # chunks (as AWS does not), which costs both ends.
        headers = [*response.headers, (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        on_request()
        _log(scope, str(response.status), started)

    return app


def _log_record(method: str, path: str, outcome: str, ms: float) -> None:
    if LOG.isEnabledFor(logging.INFO):
        LOG.info("%s %s %s %.1fms", method, path, outcome, ms)


async def _lifespan(
    receive: Receive, send: Send, on_startup: Callable[[], None], on_shutdown: Callable[[], None]
) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            on_startup()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            on_shutdown()
            await send({"type": "lifespan.shutdown.complete"})
            return
