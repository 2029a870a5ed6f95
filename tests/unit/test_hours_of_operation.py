"""`is_open` and the slot rules of hours of operation (R1.8.4), evaluated in local time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from switchboard.domain.resources.hours import (
    HoursOfOperation,
    HoursSlot,
    TimeSlice,
    is_open,
    is_valid_time_zone,
    overlapping_slots,
)

DAYS = ("SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY")


def hours(time_zone: str, *slots: tuple[str, int, int, int, int]) -> HoursOfOperation:
    return HoursOfOperation(
        id="h",
        instance_id="i",
        arn="arn",
        time_zone=time_zone,
        config=tuple(
            HoursSlot(day, TimeSlice(sh, sm), TimeSlice(eh, em)) for day, sh, sm, eh, em in slots
        ),
    )


def at(time_zone: str, *parts: int) -> int:
    """Epoch ms of a local wall-clock time in `time_zone`."""
    return int(datetime(*parts, tzinfo=ZoneInfo(time_zone)).timestamp() * 1000)


NY = "America/New_York"
OFFICE = hours(NY, *[(d, 9, 0, 17, 0) for d in DAYS[1:6]])


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ((2024, 3, 4, 9, 0), True),  # Monday 09:00, the opening minute counts
        ((2024, 3, 4, 16, 59), True),
        ((2024, 3, 4, 17, 0), False),  # the closing minute does not
        ((2024, 3, 4, 8, 59), False),
        ((2024, 3, 9, 12, 0), False),  # Saturday
        ((2024, 3, 10, 12, 0), False),  # Sunday
    ],
)
def test_office_hours_follow_local_clock_when_checked(
    local: tuple[int, ...], expected: bool
) -> None:
    assert is_open(OFFICE, at(NY, *local)) is expected


def test_daylight_saving_shifts_utc_window_when_clocks_change() -> None:
    # 13:30 UTC is 09:30 in New York in summer (EDT) but 08:30 in winter (EST).
    summer = int(datetime(2024, 7, 1, 13, 30, tzinfo=ZoneInfo("UTC")).timestamp() * 1000)
    winter = int(datetime(2024, 1, 8, 13, 30, tzinfo=ZoneInfo("UTC")).timestamp() * 1000)
    assert is_open(OFFICE, summer) is True
    assert is_open(OFFICE, winter) is False


def test_equal_start_and_end_mean_all_day_when_midnight_to_midnight() -> None:
    always = hours("UTC", *[(d, 0, 0, 0, 0) for d in DAYS])
    instants = [at("UTC", 2024, 5, day, h, 30) for day in range(5, 12) for h in range(24)]
    assert all(is_open(always, instant) for instant in instants)


def test_slot_runs_past_midnight_when_end_before_start() -> None:
    late = hours("Europe/Paris", ("FRIDAY", 22, 0, 2, 0))
    assert is_open(late, at("Europe/Paris", 2024, 5, 10, 23, 0)) is True  # Friday
    assert is_open(late, at("Europe/Paris", 2024, 5, 11, 1, 59)) is True  # Saturday early
    assert is_open(late, at("Europe/Paris", 2024, 5, 11, 2, 0)) is False


def test_saturday_slot_wraps_into_sunday_when_week_ends() -> None:
    late = hours("UTC", ("SATURDAY", 23, 0, 1, 0))
    assert is_open(late, at("UTC", 2024, 5, 12, 0, 30)) is True  # Sunday 00:30


def test_no_slots_means_closed_when_config_empty() -> None:
    assert is_open(hours("UTC"), at("UTC", 2024, 5, 6, 12, 0)) is False


def test_overlap_is_found_when_slots_share_minutes() -> None:
    clash = hours("UTC", ("MONDAY", 9, 0, 12, 0), ("MONDAY", 11, 0, 13, 0)).config
    assert overlapping_slots(clash) is not None
    wrap = hours("UTC", ("SATURDAY", 22, 0, 2, 0), ("SUNDAY", 1, 0, 3, 0)).config
    assert overlapping_slots(wrap) is not None
    apart = hours("UTC", ("MONDAY", 9, 0, 12, 0), ("MONDAY", 12, 0, 13, 0)).config
    assert overlapping_slots(apart) is None


def test_time_zone_is_validated_when_named() -> None:
    assert is_valid_time_zone("Asia/Kolkata")
    assert not is_valid_time_zone("Mars/Base")
    assert not is_valid_time_zone("../etc/passwd")
