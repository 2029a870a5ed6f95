"""The one observer the contact center feeds with every routing event it absorbs or replays:
learned handle time and patience (`learning.OnlineStats`) and state start instants
(`agent_times.AgentTimes`). Its exported state travels in the engine snapshot, and the events
of the inputs replayed after the snapshot rebuild the rest, so a restart loses nothing.

Must not import: anything outside the standard library and `domain.routing`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from switchboard.domain.metrics.agent_times import AgentTimes, AgentTimesState
from switchboard.domain.metrics.learning import OnlineStats, StatsState
from switchboard.domain.routing.events import Event


@dataclass(frozen=True, slots=True)
class TrackerState:
    stats: StatsState = field(default_factory=StatsState)
    times: AgentTimesState = field(default_factory=AgentTimesState)


class MetricsTracker:
    __slots__ = ("stats", "times")

    def __init__(self, stats: OnlineStats | None = None, times: AgentTimes | None = None) -> None:
        self.stats = stats or OnlineStats()
        self.times = times or AgentTimes()

    def observe(self, event: Event) -> None:
        self.stats.observe(event)
        self.times.observe(event)

    def observe_all(self, events: list[Event]) -> None:
        for event in events:
            self.stats.observe(event)
            self.times.observe(event)

    def export(self) -> TrackerState:
        return TrackerState(self.stats.export(), self.times.export())

    @classmethod
    def restore(cls, state: TrackerState) -> MetricsTracker:
        return cls(OnlineStats.restore(state.stats), AgentTimes.restore(state.times))
