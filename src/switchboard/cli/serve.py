"""`switchboard serve` and `switchboard demo`: run the server on uvicorn until a signal."""

from __future__ import annotations

import logging
import random
import signal
from collections.abc import Callable
from types import FrameType

import uvicorn

from switchboard.cli import logs
from switchboard.server.asgi import build_asgi
from switchboard.server.bootstrap import Runtime, build_runtime
from switchboard.server.clock import VirtualClock
from switchboard.server.controls import build_controls
from switchboard.server.timers import TimerPump
from switchboard.sim.live import LiveTraffic, TrafficProfile

LOG = logging.getLogger(__name__)
DEMO_TRAFFIC_SEED = 2024


def _run(
    runtime: Runtime,
    host: str,
    port: int,
    make_traffic: Callable[[Callable[[], None]], LiveTraffic] | None = None,
) -> int:
    """Serve until a signal; `make_traffic(wake)` builds a driver started with the timer pump."""
    pump = TimerPump(runtime.app)
    controls = build_controls(runtime.app, pump.wake)
    traffic: list[LiveTraffic] = []

    def startup() -> None:
        if not isinstance(runtime.app.clock, VirtualClock):
            pump.start()
            if make_traffic is not None:
                traffic.append(make_traffic(pump.wake))
                traffic[0].start()

    def shutdown() -> None:
        for driver in traffic:
            driver.stop()
        pump.stop()
        runtime.close()

    asgi = build_asgi(
        runtime.gateway, controls, startup, pump.wake, shutdown, access_log=logs.access_writer()
    )
    config = uvicorn.Config(
        asgi,
        host=host,
        port=port,
        access_log=False,
        # Nothing here reads the client address or scheme, so no X-Forwarded-* rewriting
        # layer (one coroutine frame and a header scan per request).
        proxy_headers=False,
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
        data_dir,
        database_url=database_url,
        clock_mode=clock_mode,
        offer_timeout_ms=offer_timeout_ms,
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
    traffic: bool = True,
    rate: float = 1.0,
) -> int:
    """The demo: the server plus the demo contact center, with live simulated traffic."""
    from switchboard.cli.demo_seed import ensure_demo_center, print_welcome

    if rate <= 0:
        raise SystemExit("--rate must be positive")
    runtime = build_runtime(
        data_dir,
        database_url=database_url,
        clock_mode=clock_mode,
        offer_timeout_ms=offer_timeout_ms,
    )
    demo = ensure_demo_center(runtime.app)
    center = runtime.app.centers[demo.instance_id]

    def build_traffic(wake: Callable[[], None]) -> LiveTraffic:
        return LiveTraffic(
            center,
            runtime.app.ids.new_id,
            demo.inbound_flow_id,
            random.Random(DEMO_TRAFFIC_SEED),
            speed=rate,
            on_change=wake,
        )

    make_traffic: Callable[[Callable[[], None]], LiveTraffic] | None = None
    if not traffic:
        described = "off (--no-traffic): drive it yourself through the API and /_switchboard"
    elif clock_mode == "virtual" or center is None:
        described = "off (the virtual clock does not move by itself)"
    else:
        make_traffic = build_traffic
        day_min = TrafficProfile().day_s / rate / 60
        described = (
            f"live x{rate:g}: customers call, chat and send tasks (a demo day lasts "
            f"{day_min:g} min), agents log in, accept, talk, do ACW and take breaks"
        )
    print_welcome(host, port, demo, described)
    LOG.info("Switchboard demo listening on http://%s:%d (data in %s)", host, port, data_dir)
    return _run(runtime, host, port, make_traffic)
