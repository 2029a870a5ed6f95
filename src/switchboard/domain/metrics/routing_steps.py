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
line's head). Cost: O(agents on the serving profiles x steps left), only for contacts with steps.
Must not import: anything outside the standard library and `domain.*`.
"""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.domain.channel import Channel
from switchboard.domain.metrics.ewt import ServerGroup
from switchboard.domain.routing.criteria import Expression, canonical_json
from switchboard.domain.routing.engine import RoutingEngine


@dataclass(frozen=True, slots=True)
class StepPlan:
    """The steps a waiting contact can still reach: (expression, ms from now until active)."""

    steps: tuple[tuple[Expression, int], ...]

    @classmethod
    def of(cls, engine: RoutingEngine, contact_id: str, now: int) -> StepPlan | None:
        criteria = engine.routing_criteria(contact_id)
        if criteria is None:
            return None
        view = engine.contact_state(contact_id)
        active = view.active_step
        if active is None:
            return None
        steps: list[tuple[Expression, int]] = [(criteria.steps[active].expression, 0)]
        expires = view.steps[active].expires_at
        for step in criteria.steps[active + 1 :]:
            if expires is None:
                break  # the active step never ends: later steps are never reached
            starts = max(0, expires - now)
            steps.append((step.expression, starts))
            expires = None if step.expiry_ms is None else expires + step.expiry_ms
        return cls(tuple(steps))

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
        out: list[ServerGroup] = []
        seen_staffed = seen_free = 0
        for index, (expression, starts) in enumerate(self.steps):
            staffed, free = engine.staffing_matching(profile_id, channel, expression)
            joining = staffed - seen_staffed
            if joining > 0:
                delay = max(delay_ms, starts)
                eligible = None if index == 0 else waited_ms + delay
                out.append(
                    ServerGroup(
                        joining * slots_per_agent,
                        max(0, free - seen_free) * share,
                        delay,
                        eligible,
                    )
                )
            seen_staffed = max(seen_staffed, staffed)
            seen_free = max(seen_free, free)
        return out

    def ahead_in_later_steps(self, engine: RoutingEngine, queue_id: str, channel: Channel) -> int:
        """Contacts of the pair waiting with one of this contact's later steps active."""
        if len(self.steps) < 2:
            return 0
        own = canonical_json(self.steps[0][0])
        later = {canonical_json(e) for e, _ in self.steps[1:]} - {own}
        return sum(
            n for key, n in engine.waiting_by_step(queue_id, channel).items() if key in later
        )
