"""Build the estimator's `WaitContext` from the routing engine's live state.

Who can serve a contact of (queue, channel): the agents of every routing profile that routes
that pair (an agent queue: its owner). Per profile, in O(agents on the profile + its
entries):
* only *staffed* agents count: status ROUTABLE and no pending next status (an agent going on
  break after their contact takes nothing new, R1.6.4);
* slots = staffed agents x the profile's concurrency for the channel;
* free_slots = the free slots of those agents who are ready on the channel now;
* share: agents split their attention between the entries of their profile that have
  contacts waiting. ASSUMPTION (heuristic until the better predictor): the queue gets
  1 / (1 + number of other entries with the same or a better priority that have contacts
  waiting); entries of a worse priority do not compete (R1.3.2 serves better ones first);
* overtaking: the learned arrival rate of the pair's contacts of a strictly better priority
  (`OnlineStats.overtaking_rate_per_ms`); they will be routed before this one (R1.3.2);
* delay_remaining = the profile's delay for the pair minus the time the contact has already
  waited (R1.3.3, measured in real time in queue).
Routing criteria: with the contact's id, its routing steps narrow the agents and add those its
later steps widen to (`routing_steps.py`); without it (queue-level figures) they are not used.
Must not import: anything outside the standard library and `domain.*`.
"""

from __future__ import annotations

from switchboard.domain.channel import Channel
from switchboard.domain.metrics.ewt import ServerGroup, WaitContext
from switchboard.domain.metrics.learning import OnlineStats
from switchboard.domain.metrics.routing_steps import StepPlan
from switchboard.domain.routing.engine import RoutingEngine
from switchboard.domain.routing.types import StatusKind


def wait_context(
    engine: RoutingEngine,
    stats: OnlineStats,
    queue_id: str,
    channel: Channel,
    ahead: int,
    waited_ms: int,
    *,
    now: int | None = None,
    priority: int | None = None,
    contact_id: str | None = None,
) -> WaitContext:
    """Context for a contact with `ahead` contacts before it that has waited `waited_ms`.

    `now` (when given) fills the head-of-line wait; `priority` names the calibration bucket;
    `contact_id` (when given) lets its routing steps narrow the agents (`routing_steps.py`).
    """
    groups: list[ServerGroup] = []
    serving = engine.serving(queue_id, channel)
    steps = None
    if contact_id is not None and serving:
        steps = StepPlan.of(engine, contact_id, engine.now_ms() if now is None else now)
    if serving:
        for profile_id, entry in serving:
            profile = engine.profile(profile_id)
            per_agent = max(1, profile.concurrency.get(channel, 0))
            competing = sum(
                1
                for other in profile.queues
                if other is not entry
                and other.priority <= entry.priority
                and profile.concurrency.get(other.channel, 0) > 0
                and engine.waiting_count(other.queue_id, other.channel) > 0
            )
            share = 1.0 / (1 + competing)
            if steps is not None:
                delay = max(0, entry.delay_ms - waited_ms)
                slots = per_agent * share
                groups += steps.groups(engine, profile_id, channel, slots, share, delay, waited_ms)
                continue
            staffed, free = engine.staffing(profile_id, channel)
            if staffed:
                delay = max(0, entry.delay_ms - waited_ms)
                groups.append(ServerGroup(staffed * per_agent * share, free * share, delay))
    else:
        owners = engine.agents_serving(queue_id, channel)  # an agent queue: its owner
        for user_id in owners:
            profile = engine.profile(engine.agent_state(user_id).profile_id)
            per_agent = max(1, profile.concurrency.get(channel, 0))
            group = _group(engine, (user_id,), channel, per_agent)
            if group is not None:
                groups.append(ServerGroup(group[0], group[1], 0))
    if steps is not None:
        ahead += steps.ahead_in_later_steps(engine, queue_id, channel)
    figures = stats.figures(queue_id, channel)
    oldest = engine.oldest_enqueued_at(queue_id, channel) if now is not None else None
    hol = 0 if oldest is None or now is None else max(0, now - oldest)
    key = f"{queue_id}/{channel.value}/{'' if priority is None else priority}"
    over = (
        0.0 if priority is None else stats.overtaking_rate_per_ms(queue_id, channel, priority, now)
    )
    return WaitContext(
        ahead, tuple(groups), figures.handle_ms, figures.abandon_rate_per_ms,
        waited_ms, hol, figures.les_ms, figures.handle_cv2, key, over,
    )  # fmt: skip


def _group(
    engine: RoutingEngine, user_ids: tuple[str, ...], channel: Channel, per_agent: int
) -> tuple[float, float] | None:
    staffed = 0
    free = 0
    for user_id in user_ids:
        view = engine.agent_state(user_id)
        if view.status.kind is not StatusKind.ROUTABLE or view.next_status is not None:
            continue
        staffed += 1
        if channel in view.ready_channels:
            used = sum(1 for c in view.contacts if c.channel is channel)
            free += max(0, per_agent - used)
    if staffed == 0:
        return None
    return float(staffed * per_agent), float(free)
