"""A center small enough to compute its metrics by hand: one agent, two queues, a trace.

Agent ada serves Sales and Support, accepts 10 s after an offer, has 20 s of ACW. Service level
threshold 15 s, 15-minute intervals, 30 minutes, nothing left over at the end.

    contact  queue    arrives  patience  offered  connected  ends   ACW over
    c1       Support      0        -         0        10       70      90
    c2       Sales       20       10 -> abandons at 30
    c3       Support    100        -       100       110      130     150
    c4       Support    135       10 -> abandons at 145 (ada in ACW)
    c5       Sales      140        -       150       160      190     210
    c6       Sales      850        -       850       860      960     980   (crosses intervals)
    c7       Support    950       20 -> abandons at 970 (ada on c6)

Hand-computed, interval [0, 900) for the whole center: queued 6, handled 3, abandoned 2,
abandonment 2/6, service level 4/5 (c5 waited 20 s), answer time (10+10+20)/3, abandon time 10,
max queued 20, handle time (80+40+50)/3, ACW 20, occupancy 210 s on contact / (210 + 650 s idle)
(ringing, 40 s, is neither). Interval [900, 1800): queued 1, handled 1 (c6, counted at its
disconnect), abandoned 1, abandonment 1/1, service level 1/2, answer 10, abandon 20, max 20,
handle time 120, occupancy 80 / (80 + 820).
"""

from __future__ import annotations

from dataclasses import replace

from switchboard.sim.distributions import Deterministic
from switchboard.sim.scenario import (
    AgentGroupSpec,
    ArrivalStreamSpec,
    ProfileQueueSpec,
    QueueSpec,
    RoutingProfileSpec,
    Scenario,
    TraceArrival,
)

CALLS = (
    TraceArrival(0, "Support", handle_seconds=60),
    TraceArrival(20, "Sales", patience_seconds=10),
    TraceArrival(100, "Support", handle_seconds=20),
    TraceArrival(135, "Support", patience_seconds=10),
    TraceArrival(140, "Sales", handle_seconds=30),
    TraceArrival(850, "Sales", handle_seconds=100),
    TraceArrival(950, "Support", patience_seconds=20),
)

TINY = Scenario(
    name="tiny",
    duration_seconds=1800,
    interval_seconds=900,
    service_level_seconds=15,
    queues=(QueueSpec("Sales"), QueueSpec("Support")),
    routing_profiles=(
        RoutingProfileSpec("both", (ProfileQueueSpec("Sales"), ProfileQueueSpec("Support"))),
    ),
    agents=(
        AgentGroupSpec(
            "ada",
            1,
            "both",
            handle_time=Deterministic(60),
            after_contact_work=Deterministic(20),
            accept_delay=Deterministic(10),
            names=("ada",),
        ),
    ),
    arrivals=(ArrivalStreamSpec("calls", trace=CALLS),),
)


def tiny(**changes: object) -> Scenario:
    return replace(TINY, **changes)  # type: ignore[arg-type]
