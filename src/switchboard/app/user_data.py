"""GetCurrentUserData (R3.5): each selected agent's status, next status, slots and contacts.

Filters (R3.5.1): exactly one of queues, routing profiles, agents or one hierarchy group, plus
optional contact states. Selection (R3.5.3): a queue selects the agents whose profile routes
it on any channel (an agent queue: its owner); a hierarchy group selects its members and the
members of the groups below it; contact states keep only agents holding a contact in one of
them. ASSUMPTION: agents who are Offline and hold no contact are left out.
States and their start instants come from the engine and `domain.metrics.agent_times`.
"""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.app.center.center import ContactCenter
from switchboard.domain.channel import Channel
from switchboard.domain.errors import InvalidArgumentError, NotFoundError
from switchboard.domain.resources.agent_status import AgentStatus, AgentStatusType
from switchboard.domain.resources.hierarchy import HierarchyGroup
from switchboard.domain.resources.queue import Queue
from switchboard.domain.resources.routing_profile import RoutingProfile
from switchboard.domain.resources.user import User
from switchboard.domain.routing.types import AgentContactState, StatusKind, StatusRef
from switchboard.domain.routing.views import AgentView

_ACTIVE = frozenset(
    {AgentContactState.CONNECTED, AgentContactState.CONNECTED_ONHOLD, AgentContactState.ENDED}
)


@dataclass(frozen=True, slots=True)
class UserDataFilter:
    queues: tuple[str, ...] = ()
    routing_profiles: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    hierarchy_groups: tuple[str, ...] = ()
    contact_states: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Ref:
    id: str
    arn: str


@dataclass(frozen=True, slots=True)
class AgentContact:
    contact_id: str
    channel: Channel
    initiation_method: str
    state: AgentContactState
    state_since: int | None
    connected_at: int | None
    queue: Ref | None


@dataclass(frozen=True, slots=True)
class UserData:
    user: Ref
    routing_profile: Ref | None
    hierarchy_path: tuple[Ref, ...]
    status_name: str
    status_arn: str | None
    status_since: int | None
    next_status: str | None
    available_slots: dict[Channel, int]
    max_slots: dict[Channel, int]
    active_slots: dict[Channel, int]
    contacts: tuple[AgentContact, ...]


def select_current_users(center: ContactCenter, filters: UserDataFilter) -> list[str]:
    """Ids of the agents the filters select, sorted by user id (stable paging). Cheap per
    agent (one engine read): the rows themselves are built only for the page asked for
    (`current_user_data`)."""
    main = [f for f in (filters.queues, filters.routing_profiles, filters.agents,
                        filters.hierarchy_groups) if f]  # fmt: skip
    if len(main) != 1:  # R3.5.1 ASSUMPTION
        raise InvalidArgumentError(
            "Filters", "give exactly one of Queues, RoutingProfiles, Agents or UserHierarchyGroups"
        )
    states = {AgentContactState(s) for s in filters.contact_states if s in _STATE_NAMES}
    wanted_states = bool(filters.contact_states)
    engine = center.engine
    out = []
    for user_id in sorted(_selected(center, filters)):
        try:
            view = engine.agent_state(user_id)
        except NotFoundError:
            continue  # a user the engine does not know (yet) has no real-time data
        if view.status.kind is StatusKind.OFFLINE and not view.contacts:
            continue  # R3.5.3 ASSUMPTION
        if wanted_states and not any(c.state in states for c in view.contacts):
            continue
        out.append(user_id)
    return out


def current_user_data(center: ContactCenter, user_id: str) -> UserData:
    """One selected agent's current data (R3.5.2)."""
    return _user_data(center, center.engine.agent_state(user_id))


_STATE_NAMES = frozenset(s.value for s in AgentContactState)


def _selected(center: ContactCenter, filters: UserDataFilter) -> set[str]:
    state = center.state
    engine = center.engine
    users: set[str] = set()
    for ref in filters.queues:
        queue = state.require(Queue, ref)
        for channel in Channel:
            users.update(engine.agents_serving(queue.id, channel))
    for ref in filters.routing_profiles:
        profile = state.require(RoutingProfile, ref)
        users.update(engine.profile_agents(profile.id))
    for ref in filters.agents:
        users.add(state.require(User, ref).id)
    for ref in filters.hierarchy_groups:
        group = state.require(HierarchyGroup, ref)
        for user in state.all(User):
            if user.hierarchy_group_id and group.id in _path_ids(center, user.hierarchy_group_id):
                users.add(user.id)
    return users


def _path_ids(center: ContactCenter, group_id: str) -> tuple[str, ...]:
    group = center.state.get(HierarchyGroup, group_id)
    return () if group is None else (*group.ancestor_ids, group.id)


def _user_data(center: ContactCenter, view: AgentView) -> UserData:
    state = center.state
    user = state.require(User, view.user_id)
    profile = state.get(RoutingProfile, view.profile_id)
    path = tuple(
        Ref(g.id, g.arn)
        for gid in (_path_ids(center, user.hierarchy_group_id) if user.hierarchy_group_id else ())
        if (g := state.get(HierarchyGroup, gid)) is not None
    )
    config = center.engine.profile(view.profile_id)
    max_slots = {c: n for c, n in config.concurrency.items() if n > 0}
    used: dict[Channel, int] = dict.fromkeys(max_slots, 0)
    active: dict[Channel, int] = dict.fromkeys(max_slots, 0)
    for c in view.contacts:
        used[c.channel] = used.get(c.channel, 0) + 1
        if c.state in _ACTIVE:
            active[c.channel] = active.get(c.channel, 0) + 1
    available = {
        ch: max(0, cap - used.get(ch, 0)) if ch in view.ready_channels else 0
        for ch, cap in max_slots.items()
    }
    times = center.tracker.times
    status = _status(center, view.status)
    return UserData(
        Ref(user.id, user.arn),
        None if profile is None else Ref(profile.id, profile.arn),
        path,
        view.status.name,
        None if status is None else status.arn,
        times.status_since(view.user_id),
        None if view.next_status is None else view.next_status.name,
        available,
        max_slots,
        active,
        tuple(
            _contact(center, view.user_id, c.contact_id, c.channel, c.state) for c in view.contacts
        ),
    )


def _status(center: ContactCenter, ref: StatusRef) -> AgentStatus | None:
    found = center.state.get(AgentStatus, ref.status_id)
    if found is not None or ref.kind is not StatusKind.OFFLINE:
        return found
    # The engine's built-in initial status; the instance's own Offline status stands for it.
    return next(
        (s for s in center.state.all(AgentStatus) if s.type is AgentStatusType.OFFLINE), None
    )


def _contact(
    center: ContactCenter,
    user_id: str,
    contact_id: str,
    channel: Channel,
    state: AgentContactState,
) -> AgentContact:
    engine = center.engine
    queue_id: str | None = None
    method = "INBOUND"
    if engine.has_contact(contact_id):
        view = engine.contact_state(contact_id)
        queue_id, method = view.queue_id, view.initiation_method
    record = center.contacts.get(contact_id) or center.find_contact(contact_id)
    if record is not None:
        queue_id = queue_id or record.queue_id
        method = record.initiation_method
    queue = None if queue_id is None else center.state.get(Queue, queue_id)
    times = center.tracker.times.slot(user_id, contact_id)
    return AgentContact(
        contact_id,
        channel,
        method,
        state,
        None if times is None else times.state_since,
        None if times is None else times.connected_at,
        None if queue is None else Ref(queue.id, queue.arn),
    )
