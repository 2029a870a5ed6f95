"""Stateful property test of the routing engine against brute-force invariants.

Random commands (enqueue, status changes, accept/reject/end/clear, time, routing updates) run
on one small contact centre; after every step the engine's public queries must agree with
brute-force recomputations of the documented rules.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from switchboard.domain.errors import ConflictError
from switchboard.domain.routing import (
    AgentConfig,
    Channel,
    CrossChannel,
    EngineSettings,
    EnqueueContact,
    ProfileConfig,
    ProfileQueue,
    QueueAtCapacityError,
    QueueConfig,
    QueueKind,
    RoutingEngine,
    StatusKind,
    StatusRef,
)
from switchboard.domain.routing.criteria import (
    AttributeCondition,
    NotAttributeCondition,
    RoutingCriteria,
    RoutingStep,
)
from switchboard.domain.routing.events import (
    ContactConnected,
    ContactDequeued,
    ContactOffered,
    Event,
)
from switchboard.domain.routing.types import BLOCKING_STATES, ContactPhase, DequeueReason

VOICE, CHAT = Channel.VOICE, Channel.CHAT
AVAILABLE = StatusRef("available", "Available", StatusKind.ROUTABLE)
LUNCH = StatusRef("lunch", "Lunch", StatusKind.CUSTOM)
OFFLINE = StatusRef("offline", "Offline", StatusKind.OFFLINE)
STATUSES = (AVAILABLE, AVAILABLE, LUNCH, OFFLINE)
PROFILES = (
    ProfileConfig(
        "p1",
        (
            ProfileQueue("q1", VOICE, 1, 0),
            ProfileQueue("q2", VOICE, 2, 5_000),
            ProfileQueue("q1", CHAT, 1, 0),
        ),
        {VOICE: 1, CHAT: 2},
        {VOICE: CrossChannel.ANY},
    ),
    ProfileConfig(
        "p2",
        (ProfileQueue("q1", VOICE, 2, 0), ProfileQueue("q2", CHAT, 1, 2_000)),
        {VOICE: 1, CHAT: 3},
        {CHAT: CrossChannel.ANY, VOICE: CrossChannel.ANY},
    ),
)
AGENTS = (
    AgentConfig("a1", "p1", "aq-a1", {}, {VOICE: 3_000}, {("Skill", "x"): 3.0}),
    AgentConfig("a2", "p1", "aq-a2", {CHAT: True}, {}, {("Skill", "y"): 1.0}),
    AgentConfig("a3", "p2", "aq-a3", {VOICE: True}, {CHAT: 1_000}, {("Skill", "x"): 1.0}),
    AgentConfig("a4", "p2", "aq-a4", {}, {VOICE: 0}, {}),
)
QUEUES = ("q1", "q2", "aq-a1", "aq-a3")
SKILL_X = AttributeCondition("Skill", "x", proficiency_level=2.0)
CRITERIA = (
    None,
    None,
    RoutingCriteria((RoutingStep(SKILL_X, 4_000),)),
    RoutingCriteria((RoutingStep(NotAttributeCondition(SKILL_X), None),)),
    RoutingCriteria(
        (
            RoutingStep(AttributeCondition(comparison_operator="Match", agent_ids=("a4",)), 3_000),
            RoutingStep(SKILL_X, 2_000),
        )
    ),
)


class RoutingMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.engine = RoutingEngine(EngineSettings(offer_timeout_ms=7_000))
        self.now = 0
        self.order: dict[str, int] = {}  # contact -> enqueue counter (the documented seq)
        self.criteria: dict[str, RoutingCriteria | None] = {}
        self.arrived = 0
        self.handled = 0
        self.abandoned = 0
        for q in ("q1", "q2"):
            self.engine.put_queue(QueueConfig(q, max_contacts=12), 0)
        for a in AGENTS:
            self.engine.put_queue(QueueConfig(f"aq-{a.user_id}", QueueKind.AGENT, a.user_id), 0)
        for p in PROFILES:
            self.engine.put_routing_profile(p, 0)
        for a in AGENTS:
            self.engine.put_agent(a, 0)

    def _record(self, events: list[Event]) -> None:
        for e in events:
            if isinstance(e, ContactOffered):
                self._check_offer(e)
            if isinstance(e, ContactConnected) and e.inbound:
                self.handled += 1
            elif isinstance(e, ContactDequeued):
                self.abandoned += 1

    def _check_offer(self, offer: ContactOffered) -> None:
        """The agent serves the (queue, channel) and the profile delay was met (R1.3.7 b, c)."""
        agent = next(a for a in AGENTS if a.user_id == offer.user_id)
        if offer.queue_id == agent.agent_queue_id:
            return
        profile = next(p for p in PROFILES if p.profile_id == agent.profile_id)
        entry = next(
            e for e in profile.queues if (e.queue_id, e.channel) == (offer.queue_id, offer.channel)
        )
        enqueued_at = self.engine.contact_state(offer.contact_id).enqueued_at
        assert offer.at - enqueued_at >= entry.delay_ms

    def _live(self, *phases: ContactPhase) -> list[str]:
        return [
            c
            for c in sorted(self.order)
            if self.engine.has_contact(c) and self.engine.contact_state(c).phase in phases
        ]

    @rule(
        queue=st.sampled_from(QUEUES),
        channel=st.sampled_from((VOICE, VOICE, CHAT)),
        priority=st.integers(1, 3),
        adjust=st.sampled_from((0, 0, 4_000, -2_000)),
        criteria=st.sampled_from(CRITERIA),
        dt=st.integers(0, 1_500),
    )
    def enqueue(
        self,
        queue: str,
        channel: Channel,
        priority: int,
        adjust: int,
        criteria: RoutingCriteria | None,
        dt: int,
    ) -> None:
        self.now += dt
        cid = f"c{len(self.order)}"
        contact = EnqueueContact(cid, channel, "INBOUND", priority, adjust, criteria)
        try:
            events = self.engine.enqueue(contact, queue, self.now)
        except QueueAtCapacityError:
            self.order[cid] = len(self.order)
            self._record(self.engine.advance(self.now))
            return
        self.order[cid] = len(self.order)
        self.criteria[cid] = criteria
        self.arrived += 1
        self._record(events)

    @rule(agent=st.sampled_from(AGENTS), status=st.sampled_from(STATUSES))
    def set_status(self, agent: AgentConfig, status: StatusRef) -> None:
        self._record(self.engine.set_agent_status(agent.user_id, status, self.now))

    @rule(dt=st.integers(1, 9_000))
    def advance(self, dt: int) -> None:
        self.now += dt
        self._record(self.engine.advance(self.now))

    @rule(pick=st.integers(0, 50), accept=st.booleans())
    def answer(self, pick: int, accept: bool) -> None:
        offered = self._live(ContactPhase.OFFERED)
        if offered:
            cid = offered[pick % len(offered)]
            user = self.engine.contact_state(cid).user_id or ""
            action = self.engine.accept if accept else self.engine.reject
            self._record(action(cid, user, self.now))

    @rule(pick=st.integers(0, 50))
    def end(self, pick: int) -> None:
        live = self._live(ContactPhase.CONNECTED, ContactPhase.QUEUED, ContactPhase.OFFERED)
        if live:
            self._record(self.engine.end_contact(live[pick % len(live)], self.now))

    @rule(pick=st.integers(0, 50))
    def clear(self, pick: int) -> None:
        acw = self._live(ContactPhase.AFTER_CONTACT_WORK)
        if acw:
            self._record(self.engine.clear_acw(acw[pick % len(acw)], self.now))

    @rule(pick=st.integers(0, 50), agent=st.sampled_from(AGENTS))
    def dismiss(self, pick: int, agent: AgentConfig) -> None:
        slots = [
            s.contact_id
            for s in self.engine.agent_state(agent.user_id).contacts
            if s.state in BLOCKING_STATES
        ]
        if slots:
            cid = slots[pick % len(slots)]
            self._record(self.engine.clear_agent_contact(agent.user_id, cid, self.now))

    @rule(pick=st.integers(0, 50), priority=st.integers(1, 3), criteria=st.sampled_from(CRITERIA))
    def reroute(self, pick: int, priority: int, criteria: RoutingCriteria | None) -> None:
        waiting = self._live(ContactPhase.QUEUED)
        if waiting:
            cid = waiting[pick % len(waiting)]
            try:
                events = self.engine.update_routing(
                    cid, self.now, queue_priority=priority, criteria=criteria
                )
            except ConflictError:
                return
            if criteria is not None:
                self.criteria[cid] = criteria
            self._record(events)

    @rule(pick=st.integers(0, 50))
    def abandon(self, pick: int) -> None:
        waiting = self._live(ContactPhase.QUEUED, ContactPhase.OFFERED)
        if waiting:
            cid = waiting[pick % len(waiting)]
            self._record(self.engine.dequeue(cid, self.now, DequeueReason.ABANDONED))

    # ---------------------------------------------------------------- invariants
    @invariant()
    def contact_is_in_one_place(self) -> None:
        seen: dict[str, str] = {}
        for q in QUEUES:
            for ch in (VOICE, CHAT):
                for cid in self.engine.queue_contacts(q, ch):
                    assert cid not in seen, cid
                    seen[cid] = q
                    assert self.engine.contact_state(cid).phase is ContactPhase.QUEUED
        for a in AGENTS:
            for slot in self.engine.agent_state(a.user_id).contacts:
                if slot.state in BLOCKING_STATES:
                    continue
                assert slot.contact_id not in seen, slot.contact_id
                seen[slot.contact_id] = a.user_id
                assert self.engine.contact_state(slot.contact_id).user_id == a.user_id
        live = [c for c in self.order if self.engine.has_contact(c)]
        assert sorted(seen) == sorted(live)

    @invariant()
    def slots_within_concurrency(self) -> None:
        for a in AGENTS:
            profile = next(p for p in PROFILES if p.profile_id == a.profile_id)
            view = self.engine.agent_state(a.user_id)
            for ch in (VOICE, CHAT):
                used = sum(1 for s in view.contacts if s.channel is ch)
                assert used <= profile.concurrency.get(ch, 0)

    @invariant()
    def positions_match_brute_force(self) -> None:
        for q in QUEUES:
            for ch in (VOICE, CHAT):
                ids = self.engine.queue_contacts(q, ch)
                views = {c: self.engine.contact_state(c) for c in ids}

                keys = {
                    c: (v.queue_priority, v.enqueued_at - v.age_adjust_ms, self.order[c])
                    for c, v in views.items()
                }
                key = keys.__getitem__

                assert ids == sorted(ids, key=key)
                for c in ids:
                    expr = views[c].active_step_expression
                    ahead = [
                        d
                        for d in ids
                        if key(d) < key(c)
                        and (expr is None or views[d].active_step_expression == expr)
                    ]
                    assert self.engine.position(c) == 1 + len(ahead)
                # OLDEST_CONTACT_AGE reads real time in queue, whatever the adjustments
                oldest = min((v.enqueued_at for v in views.values()), default=None)
                assert self.engine.oldest_enqueued_at(q, ch) == oldest

    @invariant()
    def contacts_are_accounted_for(self) -> None:
        waiting = len(self._live(ContactPhase.QUEUED, ContactPhase.OFFERED))
        assert self.arrived == self.handled + self.abandoned + waiting

    @invariant()
    def no_eligible_pair_is_left_idle(self) -> None:
        for a in AGENTS:
            view = self.engine.agent_state(a.user_id)
            if not view.routable:
                continue
            profile = next(p for p in PROFILES if p.profile_id == a.profile_id)
            for q in QUEUES:
                for ch in view.ready_channels:
                    for cid in self.engine.queue_contacts(q, ch):
                        c = self.engine.contact_state(cid)
                        if q.startswith("aq-"):
                            assert q != a.agent_queue_id, (a.user_id, cid)
                            continue
                        entry = next(
                            (e for e in profile.queues if (e.queue_id, e.channel) == (q, ch)),
                            None,
                        )
                        if entry is None or self.now - c.enqueued_at < entry.delay_ms:
                            continue
                        criteria = self.criteria.get(cid)
                        if c.active_step is not None and criteria is not None:
                            expression = criteria.steps[c.active_step].expression
                            if not expression.matches(a.proficiencies, a.user_id):
                                continue
                        raise AssertionError(f"{a.user_id} idle while {cid} waits in {q}")


RoutingMachine.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestRoutingInvariants = RoutingMachine.TestCase
