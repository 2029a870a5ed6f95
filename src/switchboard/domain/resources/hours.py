"""Hours of operation: weekly time slices in a time zone (R1.8.4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from switchboard.domain.resources.base import Entity


@dataclass(frozen=True, slots=True)
class TimeSlice:
    hours: int
    minutes: int

    @property
    def minute_of_day(self) -> int:
        return self.hours * 60 + self.minutes


@dataclass(frozen=True, slots=True)
class HoursSlot:
    day: str  # SUNDAY..SATURDAY
    start: TimeSlice
    end: TimeSlice


@dataclass(frozen=True, slots=True)
class HoursOfOperation(Entity):
    KIND: ClassVar[str] = "hours_of_operation"
    LABEL: ClassVar[str] = "Hours of operation"

    name: str = ""
    description: str | None = None
    time_zone: str = "UTC"
    config: tuple[HoursSlot, ...] = ()
