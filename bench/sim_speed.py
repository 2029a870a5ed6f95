"""Simulator throughput: Switchboard against Ciw and SimPy on the same M/M/50 model.

    python bench/sim_speed.py [--customers 200000] [--warmup 20000] [--seed 1] [--skip-others]

Model: M/M/s with s = 50 agents, mean handle time 300 s, load rho = 0.95 (arrival rate
0.95 * 50 / 300 per second), FIFO, infinite patience. Each simulator runs warm-up + measured
customers; waits are taken over the measured customers only. Customers per second = customers
simulated (warm-up included) / wall time of the run (model construction included). Each
package is imported before its run is timed (Ciw and Switchboard take 0.2-0.5 s to import, a
once-per-process cost that is not simulation speed); the JSON gives those times as
`import_seconds`.

Switchboard runs `switchboard.sim.runner.Simulation` on a scenario of one standard queue, one
routing profile and 50 agents, each with its own agent queue (as every Connect user has),
auto-accept, no after-contact work: every customer goes through the full routing engine
(`enqueue` -> match -> ContactOffered/ContactConnected, `end_contact` -> ACW, `clear_acw` ->
slot freed -> the agent takes the next contact), with the kernel heap, the seeded samplers and
the engine timers. Contact-record folding and wait prediction are off (they are reporting, not
routing); `switchboard_with_records_short` measures a tenth of the run with records on (for
its speed; its waits are too short a sample at rho = 0.95 to judge accuracy).

Exact reference: Erlang C probability of wait and mean wait. Each simulator's error is
(simulated - exact) / exact. Needs `pip install ciw simpy` (bench only, not a dependency).
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

SERVERS = 50
MEAN_HANDLE_S = 300.0
RHO = 0.95
LAMBDA = RHO * SERVERS / MEAN_HANDLE_S
MU = 1.0 / MEAN_HANDLE_S


def erlang_c(servers: int, offered: float) -> float:
    """Probability that an arrival waits in M/M/s (offered load a = lambda / mu < s)."""
    term = 1.0
    total = 1.0
    for k in range(1, servers):
        term *= offered / k
        total += term
    last = term * offered / servers * servers / (servers - offered)
    return last / (total + last)


def exact() -> dict[str, float]:
    a = LAMBDA / MU
    pw = erlang_c(SERVERS, a)
    return {"p_wait": pw, "mean_wait_s": pw / (SERVERS * MU - LAMBDA)}


def summarize(waits: list[float]) -> dict[str, float]:
    return {
        "p_wait": sum(1 for w in waits if w > 1e-9) / len(waits),
        "mean_wait_s": statistics.fmean(waits),
    }


# ------------------------------------------------------------------ Switchboard


def run_switchboard(
    customers: int, warmup: int, seed: int, records: bool
) -> tuple[int, list[float]]:
    from switchboard.sim.distributions import Exponential
    from switchboard.sim.runner import RunOptions, Simulation
    from switchboard.sim.scenario import (
        AgentGroupSpec,
        ArrivalStreamSpec,
        PoissonArrivals,
        ProfileQueueSpec,
        QueueSpec,
        RoutingProfileSpec,
        Scenario,
    )

    total = customers + warmup
    # Arrivals stop at the duration: size it so that `total` arrive with near certainty, and
    # cap the measured set at exactly `customers` below.
    duration = (total + 6 * math.sqrt(total)) / LAMBDA
    warmup_s = warmup / LAMBDA
    scenario = Scenario(
        name="M/M/50",
        duration_seconds=duration,
        warmup_seconds=warmup_s,
        queues=(QueueSpec("q"),),
        routing_profiles=(RoutingProfileSpec("p", (ProfileQueueSpec("q"),)),),
        agents=(AgentGroupSpec("agent", SERVERS, "p", Exponential(MEAN_HANDLE_S)),),
        arrivals=(
            ArrivalStreamSpec(
                "calls", queue="q", poisson=PoissonArrivals(duration, (LAMBDA * 3600,))
            ),
        ),
    )
    sim = Simulation(scenario, seed, RunOptions(keep_records=records, predict_wait=records))
    result = sim.run()
    waits = [w / 1000.0 for w in result.summary.answered_waits_ms[:customers]]
    return sim._next_id, waits


# ------------------------------------------------------------------ Ciw


def run_ciw(customers: int, warmup: int, seed: int) -> tuple[int, list[float]]:
    import ciw

    ciw.seed(seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=LAMBDA)],
        service_distributions=[ciw.dists.Exponential(rate=MU)],
        number_of_servers=[SERVERS],
    )
    sim = ciw.Simulation(network)
    sim.simulate_until_max_customers(customers + warmup, method="Arrive")
    recs = sorted(sim.get_all_records(), key=lambda r: r.arrival_date)
    waits = [r.waiting_time for r in recs[warmup : warmup + customers]]
    return customers + warmup, waits


# ------------------------------------------------------------------ SimPy


def run_simpy(customers: int, warmup: int, seed: int) -> tuple[int, list[float]]:
    import simpy

    rng = random.Random(seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=SERVERS)
    waits: list[float] = []
    total = customers + warmup

    def customer(index: int) -> Any:
        arrived = env.now
        with agents.request() as request:
            yield request
            if index >= warmup:
                waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(MU))

    def source() -> Any:
        for index in range(total):
            yield env.timeout(rng.expovariate(LAMBDA))
            env.process(customer(index))

    env.process(source())
    env.run()
    return total, waits


# ------------------------------------------------------------------ bare heapq ceiling


def run_heapq(customers: int, warmup: int, seed: int) -> tuple[int, list[float]]:
    """A minimal FIFO M/M/s event loop: the practical ceiling for pure Python."""
    rng = random.Random(seed)
    total = customers + warmup
    free = SERVERS
    queue: list[float] = []
    head = 0
    heap: list[tuple[float, int]] = [(rng.expovariate(LAMBDA), 0)]
    arrived = 0
    waits: list[float] = []
    while heap:
        t, kind = heapq.heappop(heap)
        if kind == 0:
            arrived += 1
            if arrived < total:
                heapq.heappush(heap, (t + rng.expovariate(LAMBDA), 0))
            if free:
                free -= 1
                if arrived > warmup:
                    waits.append(0.0)
                heapq.heappush(heap, (t + rng.expovariate(MU), 1))
            else:
                queue.append(t)
        elif head < len(queue):
            started = queue[head]
            head += 1
            waits.append(t - started)
            heapq.heappush(heap, (t + rng.expovariate(MU), 1))
        else:
            free += 1
    return total, waits[-customers:]


def timed(fn: Callable[[], tuple[int, list[float]]]) -> dict[str, Any]:
    started, cpu_started = time.perf_counter(), time.process_time()
    n, waits = fn()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    return {
        "customers": n,
        "seconds": round(elapsed, 3),
        "customers_per_s": round(n / elapsed),
        "cpu_customers_per_s": round(n / cpu),  # steadier than wall time on a shared machine
        **summarize(waits),
        "measured": len(waits),
    }


def import_times(others: bool) -> dict[str, float]:
    """Import each simulator's modules once, untimed by the runs; return how long each took."""
    import importlib

    groups = {"switchboard": ["switchboard.sim.runner", "switchboard.sim.scenario"]}
    if others:
        groups |= {"ciw": ["ciw"], "simpy": ["simpy"]}
    out = {}
    for name, modules in groups.items():
        started = time.perf_counter()
        for module in modules:
            importlib.import_module(module)
        out[name] = round(time.perf_counter() - started, 3)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--warmup", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-others", action="store_true", help="Switchboard only")
    args = parser.parse_args()
    ref = exact()
    n, w, s = args.customers, args.warmup, args.seed
    imported = import_times(not args.skip_others)
    runs: dict[str, dict[str, Any]] = {}
    runs["switchboard"] = timed(lambda: run_switchboard(n, w, s, records=False))
    print("switchboard", runs["switchboard"], file=sys.stderr)
    if not args.skip_others:
        runs["ciw"] = timed(lambda: run_ciw(n, w, s))
        print("ciw", runs["ciw"], file=sys.stderr)
        runs["simpy"] = timed(lambda: run_simpy(n, w, s))
        print("simpy", runs["simpy"], file=sys.stderr)
        runs["heapq_ceiling"] = timed(lambda: run_heapq(n, w, s))
        print("heapq", runs["heapq_ceiling"], file=sys.stderr)
    # Speed only: a tenth of the customers, so its waits carry ten times the sampling noise.
    small = max(1000, n // 10)
    runs["switchboard_with_records_short"] = timed(
        lambda: run_switchboard(small, w // 10, s, records=True)
    )
    for run in runs.values():
        run["p_wait_error"] = round((run["p_wait"] - ref["p_wait"]) / ref["p_wait"], 4)
        run["mean_wait_error"] = round(
            (run["mean_wait_s"] - ref["mean_wait_s"]) / ref["mean_wait_s"], 4
        )
        run["p_wait"] = round(run["p_wait"], 4)
        run["mean_wait_s"] = round(run["mean_wait_s"], 3)
    sb = runs["switchboard"]["customers_per_s"]
    out: dict[str, Any] = {
        "model": f"M/M/{SERVERS} rho={RHO} mean_handle={MEAN_HANDLE_S:g}s",
        "customers_after_warmup": n,
        "warmup": w,
        "exact_erlang_c": {k: round(v, 4) for k, v in ref.items()},
        "import_seconds": imported,
        "runs": runs,
    }
    if "ciw" in runs:
        out["ratio_vs_ciw"] = round(sb / runs["ciw"]["customers_per_s"], 2)
        out["ratio_vs_simpy"] = round(sb / runs["simpy"]["customers_per_s"], 2)
        out["ratio_vs_heapq_ceiling"] = round(sb / runs["heapq_ceiling"]["customers_per_s"], 3)
        sb_cpu = runs["switchboard"]["cpu_customers_per_s"]
        out["cpu_ratio_vs_ciw"] = round(sb_cpu / runs["ciw"]["cpu_customers_per_s"], 2)
        out["cpu_ratio_vs_simpy"] = round(sb_cpu / runs["simpy"]["cpu_customers_per_s"], 2)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
