"""Hours of operation: weekly time slices in a time zone (R1.8.4).

A slot opens at `start` on `day` and stays open until `end`: when `end` is not after `start`
the slot runs past midnight into the next day, and `start == end` means a full 24 hours (the
default "Basic Hours" are 00:00-00:00 on every day, i.e. 24x7). `is_open` evaluates the slots
in the hours' own time zone with daylight saving handled by `zoneinfo` (stdlib only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import permutations
from typing import ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from switchboard.domain.resources.base import Entity

DAYS = ("SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY")
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
MAX_HOURS_OF_OPERATION = 100  # hours of operation per instance (default quota)
MAX_PARENT_HOURS = 3


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

    @property
    def duration_minutes(self) -> int:
        """Minutes the slot stays open; an end at or before the start runs past midnight."""
        length = (self.end.minute_of_day - self.start.minute_of_day) % MINUTES_PER_DAY
        return length or MINUTES_PER_DAY

    @property
    def start_of_week_minute(self) -> int:
        """Minutes from Sunday 00:00 to the slot's opening."""
        return DAYS.index(self.day) * MINUTES_PER_DAY + self.start.minute_of_day


@dataclass(frozen=True, slots=True)
class HoursOfOperation(Entity):
    KIND: ClassVar[str] = "hours_of_operation"
    LABEL: ClassVar[str] = "Hours of operation"

    name: str = ""
    description: str | None = None
    time_zone: str = "UTC"
    config: tuple[HoursSlot, ...] = ()
    #: ParentHoursOfOperationConfigs given at creation (ids of other hours of operation).
    parent_ids: tuple[str, ...] = ()


def is_valid_time_zone(name: str) -> bool:
    """True if `name` is an IANA time zone the emulator can evaluate."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def overlapping_slots(slots: tuple[HoursSlot, ...]) -> tuple[HoursSlot, HoursSlot] | None:
    """The first pair of slots whose open intervals overlap on the weekly clock, if any.

    Two intervals overlap exactly when one of them opens inside the other; the weekly clock
    wraps, so Saturday 22:00-02:00 overlaps Sunday 01:00-03:00.
    """
    for a, b in permutations(slots, 2):
        gap = (b.start_of_week_minute - a.start_of_week_minute) % MINUTES_PER_WEEK
        if gap < a.duration_minutes:
            return a, b
    return None


def week_minute(time_zone: str, instant_ms: int) -> int:
    """Minutes since Sunday 00:00 local time in `time_zone` at `instant_ms`."""
    local = datetime.fromtimestamp(instant_ms / 1000, tz=UTC).astimezone(ZoneInfo(time_zone))
    day = (local.weekday() + 1) % 7  # Python: Monday=0; Connect weeks start on SUNDAY
    return day * MINUTES_PER_DAY + local.hour * 60 + local.minute


def is_open(hours: HoursOfOperation, instant_ms: int) -> bool:
    """True when `instant_ms` falls inside one of the slots, read in the hours' time zone.

    Used by the *Check hours of operation* flow block (R1.8.4); the routing engine never
    enforces hours itself.
    """
    now = week_minute(hours.time_zone, instant_ms)
    return any(
        (now - slot.start_of_week_minute) % MINUTES_PER_WEEK < slot.duration_minutes
        for slot in hours.config
    )
