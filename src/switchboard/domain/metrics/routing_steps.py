"""Routing steps in the wait context: who may take a contact now, who joins when a step expires.

    plan = StepPlan.of(engine, contact_id, now)     None: the contact has no active step
    plan.groups(engine, profile_id, channel, ...)   the profile's agents, split by the step
                                                    from which they may take the contact
    plan.ahead_in_later_steps(engine, queue, channel)   older contacts already in a later step

A contact with routing criteria can be taken only by agents whose proficiencies match its active
step (R1.9.3); when the step expires the next one applies (R1.9.2). Per routing profile serving
the pair, the staffed agents matching the active step form a group that serves now; those that
first match a later step join when that step activates (`delay_remaining_ms`). ASSUMPTION: steps
widen (an agent matching a step matches the later ones too, the usual "experts first, then
everyone" pattern); an agent matching only an earlier step is counted as staying.

Contacts ahead: the engine's position counts only the contacts waiting with the same active step
(R2.2.2). Contacts of the pair that already moved on to one of this contact's *later* steps have
waited longer under the same criteria (ASSUMPTION: the pair's contacts with steps share one step
sequence, timed from their entry), so agents of this contact's step take them first: they count
as ahead. Agents that join later take those older contacts before they may take this one, and the
contacts ahead of the same step as their steps expire: `eligible_age_ms` is the wait at which a
contact of this step sequence reaches theirs (`domain/prediction/stages.py` lets them drain the
line's head). Cost, only for contacts with steps: O(agents on the serving profiles) dictionary
reads (which step each agent first matches is cached per step sequence).
Must not import: anything outside the standard library and `domain.*`.
"""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.domain.channel import Channel
from switchboard.domain.metrics.ewt import ServerGroup
from switchboard.domain.routing.criteria import (
    Expression,
    Proficiencies,
    RoutingCriteria,
    canonical_json,
)
from switchboard.domain.routing.engine import RoutingEngine

_MATCHES: dict[tuple[str, ...], dict[str, tuple[Proficiencies, int]]] = {}
"""Per step sequence, which step each agent first matches (the engine re-checks an agent
whose proficiencies were replaced): matching every agent on every call cost ~0.5 us per agent
and step. A cache of derived values only; cleared when it holds too many sequences."""
_MAX_SEQUENCES = 256
_KEYS: dict[int, tuple[RoutingCriteria, tuple[str, ...]]] = {}
_MAX_CRITERIA = 4096


@dataclass(frozen=True, slots=True)
class StepPlan:
    """The steps a waiting contact can still reach: their expressions, canonical keys and the
    time (ms from now) until each is active."""

    expressions: tuple[Expression, ...]
    keys: tuple[str, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, engine: RoutingEngine, contact_id: str, now: int) -> StepPlan | None:
        found = engine.active_step(contact_id)
        if found is None:
            return None
        criteria, active, expires = found
        starts = [0]
        for step in criteria.steps[active + 1 :]:
            if expires is None:
                break  # the step before never ends: this one and the rest are never reached
            starts.append(max(0, expires - now))
            expires = None if step.expiry_ms is None else expires + step.expiry_ms
        end = active + len(starts)
        expressions = tuple(step.expression for step in criteria.steps[active:end])
        return cls(expressions, _keys(criteria)[active:end], tuple(starts))

    def groups(
        self,
        engine: RoutingEngine,
        profile_id: str,
        channel: Channel,
        slots_per_agent: float,
        share: float,
        delay_ms: int,
        waited_ms: int,
    ) -> list[ServerGroup]:
        """The profile's staffed agents by the step from which they may take the contact;
        `delay_ms` is the profile's own delay still to run (R1.3.3)."""
        memo = _MATCHES.get(self.keys)
        if memo is None:
            if len(_MATCHES) >= _MAX_SEQUENCES:
                _MATCHES.clear()
            memo = _MATCHES[self.keys] = {}
        by_step = engine.staffing_by_step(profile_id, channel, self.expressions, memo)
        out: list[ServerGroup] = []
        for index, (staffed, free) in enumerate(by_step):
            if staffed:
                delay = max(delay_ms, self.starts[index])
                eligible = None if index == 0 else waited_ms + delay
                out.append(ServerGroup(staffed * slots_per_agent, free * share, delay, eligible))
        return out

    def ahead_in_later_steps(self, engine: RoutingEngine, queue_id: str, channel: Channel) -> int:
        """Contacts of the pair waiting with one of this contact's later steps active."""
        if len(self.keys) < 2:
            return 0
        later = set(self.keys[1:]) - {self.keys[0]}
        return sum(
            n for key, n in engine.waiting_by_step(queue_id, channel).items() if key in later
        )


def _keys(criteria: RoutingCriteria) -> tuple[str, ...]:
    """Canonical keys of every step (the engine's sub-line keys, R2.2.2). Rendering JSON is
    the costly part of a plan and a waiting contact keeps its criteria object, so the keys
    are kept per object (by identity: hashing the expression tree costs as much)."""
    known = _KEYS.get(id(criteria))
    if known is not None and known[0] is criteria:
        return known[1]
    if len(_KEYS) >= _MAX_CRITERIA:
        _KEYS.clear()
    keys = tuple(canonical_json(step.expression) for step in criteria.steps)
    _KEYS[id(criteria)] = (criteria, keys)
    return keys
