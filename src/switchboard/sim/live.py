"""Live simulated traffic on the wall clock: what makes `switchboard demo` move.

One `LiveTraffic` drives one instance through the same use cases the API and the control
namespace call (`app.contacts`, `app.agents`), so every number the API reports comes from the
real engine. In small ticks (`step`), it

* lets customers arrive: a Poisson process (thinned to follow a compressed intraday curve:
  quiet night, morning ramp, lunch dip, afternoon peak) over VOICE, CHAT and TASK, each with
  attributes (Intent, Language, Product, Tier) that the demo flow routes on;
* makes customers give up: a queued voice or chat contact abandons after a sampled patience;
* plays the agents (users tagged `purpose=demo`): log in, accept offers after a short delay
  (auto-accept agents need not; now and then one lets an offer ring out and dismisses the
  miss), talk for a sampled handle time, hang up (or the customer does), do after-contact work
  and clear it (or let the user's AfterContactWorkTimeLimit expire), take a break (a custom
  status) now and then and come back.

`speed` compresses time: arrivals come `speed` times as often and every duration (handle,
ACW, patience, breaks, the demo day) is `speed` times shorter, so the load stays the same.
All randomness comes from the injected `random.Random`. The driver keeps its own plan in
memory only; after a restart it picks the agents' contacts up again from the engine.

Must not import: `switchboard.server`, `switchboard.cli`, the wire layers. Runs on the server's
event loop (the single writer), so it never races the API handlers.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from switchboard.app import agents, contacts
from switchboard.app.center.center import ContactCenter
from switchboard.domain.channel import Channel
from switchboard.domain.errors import DomainError
from switchboard.domain.resources.agent_status import AgentStatus, AgentStatusState
from switchboard.domain.resources.agent_status import AgentStatusType as StatusType
from switchboard.domain.resources.queue import Queue, QueueType
from switchboard.domain.resources.user import User
from switchboard.domain.routing.types import AgentContactState, ContactPhase, StatusKind
from switchboard.sim.distributions import LogNormal, Uniform

LOG = logging.getLogger(__name__)

TICK_S = 0.2
SUMMARY_EVERY_MS = 30_000
DRIVEN_TAG = ("purpose", "demo")
#: Relative arrival rate by hour of the demo day (mean 1.0 after normalisation).
INTRADAY = (
    0.4, 0.35, 0.3, 0.3, 0.35, 0.45, 0.6, 0.8, 1.05, 1.3, 1.45, 1.4,
    1.25, 1.3, 1.4, 1.35, 1.2, 1.05, 0.9, 0.75, 0.65, 0.55, 0.5, 0.45,
)  # fmt: skip
FIRST_HOUR = 8.0  # a fresh demo starts at 08:00 of its day: the morning ramp

Mix = Sequence[tuple[str, float]]
Duration = LogNormal | Uniform
_ACCEPT_DELAY = Uniform(0.5, 3.0)
_ACW = Uniform(2.0, 10.0)
_DISMISS_DELAY = Uniform(1.0, 4.0)
_BREAK_LENGTH = Uniform(20.0, 60.0)


@dataclass(frozen=True, slots=True)
class TrafficProfile:
    """The knobs of the simulated contact center, in seconds at speed 1."""

    arrivals_per_s: float = 0.55  # daily mean over all queues and channels
    day_s: float = 900.0  # one demo day
    channels: Mix = (("VOICE", 0.55), ("CHAT", 0.3), ("TASK", 0.15))
    intents: Mix = (("support", 0.45), ("sales", 0.3), ("billing", 0.25))
    languages: Mix = (("English", 0.72), ("Spanish", 0.2), ("French", 0.08))
    products: Mix = (("Mobile", 0.45), ("Internet", 0.35), ("TV", 0.2))
    tiers: Mix = (("Standard", 0.8), ("Gold", 0.12), ("VIP", 0.08))
    handle: dict[Channel, Duration] = field(
        default_factory=lambda: {
            Channel.VOICE: LogNormal(30.0, 18.0),
            Channel.CHAT: LogNormal(45.0, 25.0),
            Channel.TASK: LogNormal(25.0, 12.0),
        }
    )
    patience: dict[Channel, Duration] = field(
        default_factory=lambda: {
            Channel.VOICE: LogNormal(75.0, 50.0),
            Channel.CHAT: LogNormal(150.0, 90.0),
        }
    )
    accept_delay: Duration = _ACCEPT_DELAY
    acw: Duration = _ACW
    dismiss_delay: Duration = _DISMISS_DELAY
    login_within_s: float = 8.0
    miss_probability: float = 0.02  # an offer rings out (the agent then dismisses the miss)
    agent_hangs_up: float = 0.35  # otherwise the customer ends the conversation
    let_acw_expire: float = 0.5  # agents with an ACW time limit often let it run out
    break_every_s: float = 420.0  # mean idle time an agent works before a break
    break_length: Duration = _BREAK_LENGTH
    max_on_break: float = 0.2  # share of agents that may be on a break at once


class Act(StrEnum):
    LOGIN = "LOGIN"
    ACCEPT = "ACCEPT"
    HANG_UP = "HANG_UP"
    CUSTOMER_HANGS_UP = "CUSTOMER_HANGS_UP"
    CLEAR_ACW = "CLEAR_ACW"
    DISMISS = "DISMISS"
    ABANDON = "ABANDON"
    BACK_FROM_BREAK = "BACK_FROM_BREAK"


_FIRST_NAMES = ("Alex", "Sam", "Jordan", "Maria", "Wei", "Priya", "Lucas", "Fatima", "Noah", "Ivy")
_LAST_NAMES = ("Smith", "Garcia", "Chen", "Okafor", "Dubois", "Novak", "Silva", "Khan", "Berg")


class LiveTraffic:
    """Simulated customers and agents for one instance; `step()` does one tick's work."""

    def __init__(
        self,
        center: ContactCenter,
        new_id: Callable[[], str],
        flow_id: str,
        rng: random.Random,
        *,
        speed: float = 1.0,
        profile: TrafficProfile | None = None,
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.center = center
        self.new_id = new_id
        self.flow_id = flow_id
        self.rng = rng
        self.speed = speed
        self.profile = profile or TrafficProfile()
        self.on_change = on_change
        self.started_at = center.now()
        self.arrived = 0
        self._plan: list[tuple[int, int, Act, str, str]] = []  # (due, seq, act, user, contact)
        self._seq = 0
        self._seen: set[tuple[str, str, AgentContactState]] = set()
        self._on_break: set[str] = set()
        self._last_step = self.started_at
        peak = max(INTRADAY) / (sum(INTRADAY) / len(INTRADAY))
        self._peak_rate = self.profile.arrivals_per_s * speed * peak
        self._next_arrival = self.started_at + self._gap_ms()
        self._task: asyncio.Task[None] | None = None
        for user_id in self.agent_ids():
            self._at(self._ms(self.rng.uniform(0, self.profile.login_within_s)), Act.LOGIN, user_id)

    # ---------------------------------------------------------------- running

    def start(self) -> None:
        """Run `step()` every TICK_S on the running event loop until `stop()`."""
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _run(self) -> None:
        next_summary = self.center.now() + SUMMARY_EVERY_MS
        while True:
            try:
                if self.step():
                    self.on_change()
                if self.center.now() >= next_summary:
                    next_summary += SUMMARY_EVERY_MS
                    LOG.info("instance %s: %s", self.center.instance_id, self.summary())
            except Exception:  # the demo keeps going; the log says what broke
                LOG.exception("instance %s: simulated traffic step failed", self.center.instance_id)
            await asyncio.sleep(TICK_S)

    def summary(self) -> str:
        """One line for the console: arrivals so far, callers waiting, what the agents do."""
        engine = self.center.engine
        waiting = sum(
            engine.waiting_count(q.id)
            for q in self.center.state.all(Queue)
            if q.queue_type is QueueType.STANDARD
        )
        kinds: Counter[str] = Counter()
        for user_id in self.agent_ids():
            view = engine.agent_state(user_id)
            kinds["on contact" if view.contacts else view.status.kind.value] += 1
        return (
            f"{self.arrived} customers arrived, {waiting} waiting; agents: "
            f"{kinds['on contact']} on a contact, {kinds[StatusKind.ROUTABLE.value]} available, "
            f"{kinds[StatusKind.CUSTOM.value]} on a break, {kinds[StatusKind.OFFLINE.value]} offline"
        )

    def step(self) -> bool:
        """Arrivals, due plans and newly seen agent slots up to now; True if anything changed."""
        now = self.center.now()
        changed = self._arrivals(now)
        while self._plan and self._plan[0][0] <= now:
            _, _, act, user_id, contact_id = heapq.heappop(self._plan)
            changed = self._do(act, user_id, contact_id) or changed
        changed = self._scan_agents(now) or changed
        self._last_step = now
        return changed

    # ---------------------------------------------------------------- customers

    def rate_multiplier(self, now: int) -> float:
        """Relative arrival rate at `now` on the demo day (linear between hourly points)."""
        day_ms = self.profile.day_s * 1000 / self.speed
        hour = (FIRST_HOUR + 24 * ((now - self.started_at) / day_ms)) % 24
        low = int(hour)
        frac = hour - low
        value = INTRADAY[low] * (1 - frac) + INTRADAY[(low + 1) % 24] * frac
        return value / (sum(INTRADAY) / len(INTRADAY))

    def _gap_ms(self) -> int:
        return max(1, round(self.rng.expovariate(self._peak_rate) * 1000))

    def _arrivals(self, now: int) -> bool:
        if self._next_arrival < now - 5_000:  # the loop stalled: do not flood in a burst
            self._next_arrival = now
        changed = False
        peak = self._peak_rate / (self.profile.arrivals_per_s * self.speed)
        while self._next_arrival <= now:
            at = self._next_arrival
            self._next_arrival += self._gap_ms()
            if self.rng.random() * peak < self.rate_multiplier(at):  # thinning
                changed = self._arrive() or changed
        return changed

    def _arrive(self) -> bool:
        p = self.profile
        channel = Channel(self._pick(p.channels))
        name = f"{self.rng.choice(_FIRST_NAMES)} {self.rng.choice(_LAST_NAMES)}"
        intent = self._pick(p.intents)
        attributes = {
            "Intent": intent,
            "Language": self._pick(p.languages),
            "Product": self._pick(p.products),
            "Tier": self._pick(p.tiers),
        }
        try:
            contact = contacts.start_contact(
                self.center,
                self.new_id(),
                channel=channel,
                initiation_method="INBOUND" if channel is Channel.VOICE else "API",
                contact_flow_id=self.flow_id,
                name=name,
                description=f"{attributes['Product']} {intent} request"
                if channel is Channel.TASK
                else None,
                attributes=attributes,
            )
        except DomainError as err:
            LOG.debug("simulated arrival refused: %s", err)
            return False
        self.arrived += 1
        patience = p.patience.get(channel)
        if patience is not None:
            self._at(self._ms(patience.sample(self.rng)), Act.ABANDON, "", contact.id)
        return True

    def _pick(self, mix: Mix) -> str:
        values = [v for v, _ in mix]
        return self.rng.choices(values, weights=[w for _, w in mix])[0]

    # ---------------------------------------------------------------- agents

    def agent_ids(self) -> list[str]:
        key, value = DRIVEN_TAG
        return [u.id for u in self.center.state.all(User) if u.tags.get(key) == value]

    def _status(self, kind: StatusType) -> list[AgentStatus]:
        return [
            s
            for s in self.center.state.all(AgentStatus)
            if s.type is kind and s.state is AgentStatusState.ENABLED
        ]

    def _scan_agents(self, now: int) -> bool:
        """Plan what each agent does next with each contact slot it has not been seen in yet."""
        engine = self.center.engine
        seen: set[tuple[str, str, AgentContactState]] = set()
        changed = False
        driven = self.agent_ids()
        on_break_cap = int(len(driven) * self.profile.max_on_break)
        for user_id in driven:
            view = engine.agent_state(user_id)
            for slot in view.contacts:
                key = (user_id, slot.contact_id, slot.state)
                seen.add(key)
                if key not in self._seen:
                    self._plan_slot(user_id, slot.contact_id, slot.channel, slot.state)
            if (
                view.status.kind is StatusKind.ROUTABLE
                and not view.contacts
                and len(self._on_break) < on_break_cap
                and self._break_due(now)
            ):
                changed = self._take_break(user_id) or changed
        self._seen = seen
        return changed

    def _plan_slot(
        self, user_id: str, contact_id: str, channel: Channel, state: AgentContactState
    ) -> None:
        p = self.profile
        if state is AgentContactState.CONNECTING:
            if self.rng.random() >= p.miss_probability:
                self._at(self._ms(p.accept_delay.sample(self.rng)), Act.ACCEPT, user_id, contact_id)
        elif state is AgentContactState.CONNECTED:
            act = Act.HANG_UP if self.rng.random() < p.agent_hangs_up else Act.CUSTOMER_HANGS_UP
            handle = p.handle.get(channel, p.handle[Channel.TASK])
            self._at(self._ms(handle.sample(self.rng)), act, user_id, contact_id)
        elif state is AgentContactState.ENDED:
            user = self.center.state.get(User, user_id)
            limit = 0 if user is None else user.acw_limit_seconds(channel)
            if not (limit and self.rng.random() < p.let_acw_expire):
                self._at(self._ms(p.acw.sample(self.rng)), Act.CLEAR_ACW, user_id, contact_id)
        elif state is AgentContactState.CONNECTED_ONHOLD:
            self._at(self._ms(p.dismiss_delay.sample(self.rng)), Act.HANG_UP, user_id, contact_id)
        else:  # MISSED, REJECTED, ERROR: the agent clears it in the CCP
            self._at(self._ms(p.dismiss_delay.sample(self.rng)), Act.DISMISS, user_id, contact_id)

    def _break_due(self, now: int) -> bool:
        elapsed_s = (now - self._last_step) / 1000 * self.speed
        return self.rng.random() < elapsed_s / self.profile.break_every_s

    def _take_break(self, user_id: str) -> bool:
        breaks = self._status(StatusType.CUSTOM)
        if not breaks:
            return False
        status = self.rng.choice(breaks)
        if not self._safely(agents.put_user_status, self.center, user_id, status.id):
            return False
        self._on_break.add(user_id)
        self._at(self._ms(self.profile.break_length.sample(self.rng)), Act.BACK_FROM_BREAK, user_id)
        return True

    # ---------------------------------------------------------------- acting

    def _do(self, act: Act, user_id: str, contact_id: str) -> bool:
        center = self.center
        if act in (Act.LOGIN, Act.BACK_FROM_BREAK):
            self._on_break.discard(user_id)
            available = self._status(StatusType.ROUTABLE)
            if not available or center.state.get(User, user_id) is None:
                return False
            return self._safely(agents.put_user_status, center, user_id, available[0].id)
        if act is Act.ABANDON:
            if self._phase(contact_id) not in (ContactPhase.QUEUED, ContactPhase.OFFERED):
                return False
            return self._safely(agents.customer_disconnects, center, contact_id)
        if act is Act.DISMISS:
            return self._safely(agents.dismiss_user_contact, center, user_id, contact_id)
        if act is Act.CUSTOMER_HANGS_UP:
            if self._phase(contact_id) not in (
                ContactPhase.CONNECTED,
                ContactPhase.CONNECTED_ONHOLD,
            ):
                return False
            return self._safely(agents.customer_disconnects, center, contact_id)
        wanted = {
            Act.ACCEPT: (ContactPhase.OFFERED, "accept"),
            Act.HANG_UP: (ContactPhase.CONNECTED, "end"),
            Act.CLEAR_ACW: (ContactPhase.AFTER_CONTACT_WORK, "clear_acw"),
        }
        phase, action = wanted[act]
        current = self._phase(contact_id)
        if current is not phase and not (
            act is Act.HANG_UP and current is ContactPhase.CONNECTED_ONHOLD
        ):
            return False
        return self._safely(agents.agent_action, center, user_id, contact_id, action)

    def _phase(self, contact_id: str) -> ContactPhase | None:
        engine = self.center.engine
        return engine.contact_state(contact_id).phase if engine.has_contact(contact_id) else None

    def _safely(self, use_case: Callable[..., object], *args: object) -> bool:
        """Run one use case; a refusal (the contact moved on meanwhile) is not an error."""
        try:
            use_case(*args)
        except DomainError as err:
            LOG.debug("simulated %s refused: %s", getattr(use_case, "__name__", use_case), err)
            return False
        return True

    def _at(self, delay_ms: int, act: Act, user_id: str = "", contact_id: str = "") -> None:
        self._seq += 1
        heapq.heappush(
            self._plan, (self.center.now() + delay_ms, self._seq, act, user_id, contact_id)
        )

    def _ms(self, seconds: float) -> int:
        return max(0, round(seconds * 1000 / self.speed))
