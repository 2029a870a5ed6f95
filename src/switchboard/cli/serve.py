"""`switchboard serve` and `switchboard demo`: run the server on uvicorn until a signal."""

from __future__ import annotations

import logging
import signal
from types import FrameType

import uvicorn

from switchboard.server.asgi import build_asgi
from switchboard.server.bootstrap import Runtime, build_runtime
from switchboard.server.clock import VirtualClock
from switchboard.server.controls import build_controls
from switchboard.server.timers import TimerPump

LOG = logging.getLogger(__name__)


def _run(runtime: Runtime, host: str, port: int) -> int:
    pump = TimerPump(runtime.app)
    controls = build_controls(runtime.app, pump.wake)

    def startup() -> None:
        if not isinstance(runtime.app.clock, VirtualClock):
            pump.start()

    def shutdown() -> None:
        pump.stop()
        runtime.close()

    asgi = build_asgi(runtime.gateway, controls, startup, pump.wake, shutdown)
    config = uvicorn.Config(
        asgi,
        host=host,
        port=port,
        access_log=False,
        log_config=None,
        lifespan="on",
        timeout_graceful_shutdown=5,
    )
    # uvicorn traps SIGINT/SIGTERM, finishes in-flight requests, runs the lifespan shutdown
    # (which closes the store) and then re-raises the signal; these handlers turn that
    # re-raised signal into a normal exit so a clean stop exits 0.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _exit_cleanly)
    uvicorn.Server(config).run()
    LOG.info("Switchboard stopped cleanly")
    return 0


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    LOG.info("Switchboard stopped cleanly (signal %d)", signum)
    raise SystemExit(0)


def run_serve(
    host: str,
    port: int,
    data_dir: str,
    database_url: str | None = None,
    clock_mode: str = "wall",
    offer_timeout_ms: int = 20_000,
) -> int:
    runtime = build_runtime(
        data_dir, database_url=database_url, clock_mode=clock_mode, offer_timeout_ms=offer_timeout_ms
    )
    LOG.info("Switchboard listening on http://%s:%d (data in %s)", host, port, data_dir)
    return _run(runtime, host, port)


def run_demo(
    host: str,
    port: int,
    data_dir: str,
    database_url: str | None = None,
    clock_mode: str = "wall",
    offer_timeout_ms: int = 20_000,
) -> int:
    from switchboard.cli.demo_seed import ensure_demo_instance, print_welcome

    runtime = build_runtime(data_dir, database_url=database_url)
    instance_id = ensure_demo_instance(runtime.app)
    print_welcome(host, port, instance_id)
    return _run(runtime, host, port)
