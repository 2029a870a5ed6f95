"""The grouped GetCurrentMetricData computation equals the straightforward one on random states.

`RealtimeMetrics` sums agent tallies over groups of alike agents and keeps those groups between
requests while the engine's state version does not move. Random engine inputs (calls into
standard and agent queues, status changes, offers accepted/rejected/missed, hold, ACW, outbound
contacts, agents moved between profiles, concurrency changed) run on a small center; after
each input, random queries (either main filter, channel and status filters, any groupings, all
14 metrics) must give exactly the rows of `realtime_reference.reference_rows`, which walks
every agent per row with nothing kept. One `AgentTallies` serves the whole run, so a stale
group would show up as a difference.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from switchboard.domain.errors import DomainError
from switchboard.domain.metrics.agent_tally import AgentTallies
from switchboard.domain.metrics.ewt import FluidEstimator
from switchboard.domain.metrics.realtime import CurrentMetric as M
from switchboard.domain.metrics.realtime import Grouping, RealtimeMetrics, RealtimeQuery
from switchboard.domain.metrics.tracker import MetricsTracker
from switchboard.domain.routing import (
    AgentConfig,
    Channel,
    CrossChannel,
    DequeueReason,
    EngineSettings,
    EnqueueContact,
    ProfileConfig,
    ProfileQueue,
    QueueConfig,
    QueueKind,
    RoutingEngine,
    StatusKind,
    StatusRef,
)
from switchboard.domain.routing.events import Event
from switchboard.domain.routing.types import AgentContactState as S
from tests.property.realtime_reference import reference_rows

AVAILABLE = StatusRef("available", "Available", StatusKind.ROUTABLE)
LUNCH = StatusRef("lunch", "Lunch", StatusKind.CUSTOM)
OFFLINE = StatusRef("offline", "Offline", StatusKind.OFFLINE)
STATUSES = (AVAILABLE, LUNCH, OFFLINE)
VOICE, CHAT, TASK = Channel.VOICE, Channel.CHAT, Channel.TASK
QUEUES = ("q1", "q2", "q3")
AGENT_QUEUES = {"aq1": "a1", "aq4": "a4"}
CHANNELS = (VOICE, CHAT, TASK)
PROFILES = {
    "p": ProfileConfig(
        "p",
        (ProfileQueue("q1", VOICE, 1), ProfileQueue("q1", CHAT, 1),
         ProfileQueue("q2", VOICE, 2, 5_000)),
        {VOICE: 1, CHAT: 2},
        {CHAT: CrossChannel.ANY},
    ),
    "r": ProfileConfig("r", (ProfileQueue("q2", VOICE, 1), ProfileQueue("q3", TASK, 1)),
                       {VOICE: 1, TASK: 3}),
    "s": ProfileConfig("s", (ProfileQueue("q3", CHAT, 1),), {CHAT: 0, VOICE: 1}),
}  # fmt: skip
AGENTS = {"a1": "p", "a2": "p", "a3": "p", "a4": "r", "a5": "r", "a6": "s"}
ALL_METRICS = tuple(M)

KINDS = ("call", "agent_call", "status", "accept", "reject", "end", "clear", "hold", "resume",
         "dismiss", "abandon", "advance", "outbound", "move", "reconcur")  # fmt: skip


@dataclass(frozen=True)
class Op:
    kind: str
    agent: str
    queue: str
    channel: Channel
    status: StatusRef
    profile: str
    k: int


OPS = st.builds(
    Op,
    kind=st.sampled_from(KINDS),
    agent=st.sampled_from(tuple(AGENTS)),
    queue=st.sampled_from(QUEUES),
    channel=st.sampled_from(CHANNELS),
    status=st.sampled_from(STATUSES),
    profile=st.sampled_from(tuple(PROFILES)),
    k=st.integers(1, 30_000),
)


@st.composite
def queries(draw: st.DrawFn) -> RealtimeQuery:
    by_queue = draw(st.booleans())
    if by_queue:
        queues = draw(st.lists(st.sampled_from((*QUEUES, *AGENT_QUEUES)), min_size=1, unique=True))
        profiles: list[str] = []
    else:
        queues = []
        profiles = draw(st.lists(st.sampled_from(tuple(PROFILES)), min_size=1, unique=True))
    groupings = draw(
        st.lists(
            st.sampled_from(
                (Grouping.QUEUE, Grouping.CHANNEL, Grouping.ROUTING_PROFILE, Grouping.AGENT_STATUS)
            ),
            unique=True,
        )
    )
    return RealtimeQuery(
        ALL_METRICS,
        queue_ids=tuple(queues),
        profile_ids=tuple(profiles),
        channels=tuple(draw(st.lists(st.sampled_from(tuple(Channel)), unique=True))),
        agent_status_ids=tuple(
            draw(st.lists(st.sampled_from([s.status_id for s in STATUSES]), unique=True))
        ),
        groupings=tuple(groupings),
    )


def _world() -> RoutingEngine:
    engine = RoutingEngine(EngineSettings(offer_timeout_ms=20_000))
    for q in QUEUES:
        engine.put_queue(QueueConfig(q), 0)
    for q, owner in AGENT_QUEUES.items():
        engine.put_queue(QueueConfig(q, QueueKind.AGENT, owner), 0)
    for profile in PROFILES.values():
        engine.put_routing_profile(profile, 0)
    owned = {owner: q for q, owner in AGENT_QUEUES.items()}
    for user, profile_id in AGENTS.items():
        engine.put_agent(AgentConfig(user, profile_id, owned.get(user)), 0)
        engine.set_agent_status(user, AVAILABLE, 0)
    return engine


def _slot(engine: RoutingEngine, agent: str, state: S) -> str | None:
    return next(
        (c.contact_id for c in engine.agent_state(agent).contacts if c.state is state), None
    )


def _apply(engine: RoutingEngine, op: Op, now: int, n: int) -> list[Event]:
    kind = op.kind
    if kind == "call":
        return engine.enqueue(EnqueueContact(f"c{n}", op.channel, "INBOUND"), op.queue, now)
    if kind == "agent_call":
        queue = "aq1" if op.k % 2 else "aq4"
        return engine.enqueue(EnqueueContact(f"c{n}", op.channel, "INBOUND"), queue, now)
    if kind == "status":
        return engine.set_agent_status(op.agent, op.status, now)
    if kind == "advance":
        return engine.advance(now)
    if kind == "outbound":
        return engine.start_outbound(f"o{n}", op.agent, op.channel, now)
    if kind == "move":
        owned = {owner: q for q, owner in AGENT_QUEUES.items()}
        return engine.put_agent(AgentConfig(op.agent, op.profile, owned.get(op.agent)), now)
    if kind == "reconcur":
        old = PROFILES[op.profile]
        concurrency = {c: (n + op.k) % 3 for c in old.concurrency}
        return engine.put_routing_profile(
            ProfileConfig(old.profile_id, old.queues, concurrency, old.cross_channel), now
        )
    if kind == "abandon":
        waiting = [
            cid
            for q in (*QUEUES, *AGENT_QUEUES)
            for c in CHANNELS
            for cid in engine.queue_contacts(q, c)
        ]
        if not waiting:
            return []
        return engine.dequeue(waiting[op.k % len(waiting)], now, DequeueReason.ABANDONED)
    wanted = {"accept": S.CONNECTING, "reject": S.CONNECTING, "end": S.CONNECTED,
              "hold": S.CONNECTED, "resume": S.CONNECTED_ONHOLD, "clear": S.ENDED,
              "dismiss": S.MISSED}[kind]  # fmt: skip
    target = _slot(engine, op.agent, wanted)
    if target is None:
        return []
    if kind == "accept":
        return engine.accept(target, op.agent, now)
    if kind == "reject":
        return engine.reject(target, op.agent, now)
    if kind == "end":
        return engine.end_contact(target, now)
    if kind == "hold":
        return engine.hold(target, now)
    if kind == "resume":
        return engine.resume(target, now)
    if kind == "clear":
        return engine.clear_acw(target, now)
    return engine.clear_agent_contact(op.agent, target, now)


@settings(max_examples=120, deadline=None)
@given(ops=st.lists(OPS, max_size=40), asked=st.lists(queries(), min_size=1, max_size=4))
def test_grouped_rows_equal_the_per_agent_walk_after_every_input(
    ops: list[Op], asked: list[RealtimeQuery]
) -> None:
    engine = _world()
    tracker = MetricsTracker()
    estimator = FluidEstimator()
    tallies = AgentTallies()
    now = 0
    for n, op in enumerate(ops):
        now += op.k if op.kind == "advance" else 1_000
        try:
            events = _apply(engine, op, now, n)
        except DomainError:
            events = engine.advance(now)
        tracker.observe_all(events)
        for query in asked:
            fast = RealtimeMetrics(engine, tracker.stats, estimator, now, tallies).rows(query)
            slow = reference_rows(engine, tracker.stats, estimator, now, query)
            assert fast == slow, (op, query)
        # Asked again with nothing changed, the kept groups still give the same rows.
        again = RealtimeMetrics(engine, tracker.stats, estimator, now, tallies).rows(asked[0])
        assert again == reference_rows(engine, tracker.stats, estimator, now, asked[0])


@settings(max_examples=120, deadline=None)
@given(ops=st.lists(OPS, max_size=40))
def test_kept_staffing_answers_equal_a_fresh_count_after_every_input(ops: list[Op]) -> None:
    """`staffing` (what every wait estimate asks per serving profile) is kept until the state
    version moves; after each input, asked before and after, it equals a fresh count."""
    engine = _world()
    now = 0
    pairs = [(p, c) for p in PROFILES for c in CHANNELS]
    for n, op in enumerate(ops):
        before = {pair: engine.staffing(*pair) for pair in pairs}  # keeps the answers
        now += op.k if op.kind == "advance" else 1_000
        try:
            _apply(engine, op, now, n)
        except DomainError:
            engine.advance(now)
        for pair in pairs:
            assert engine.staffing(*pair) == engine._count_staffing(*pair), (op, pair, before)
