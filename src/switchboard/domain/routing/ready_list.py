"""ReadyList: the agents ready on one (routing profile, channel), longest idle first.

Keys are `ordering.AgentKey` tuples `(idle_since, user_id)`, ascending (R1.4.1, R1.4.3). An
agent mostly becomes ready with `idle_since = now` (its contact or after contact work just
ended), which sorts after every agent already waiting, and mostly leaves from the head (the
longest idle gets the contact). So the keys are a plain list appended at the tail and consumed
from a head index: both O(1), where a `SortedList` costs about a microsecond of Python per
update. Anything else (a key that sorts earlier, an agent leaving from the middle: a status
change, a contact of another channel) is a bisect plus a list insert or delete, whose memmove
stays far below that cost up to thousands of ready agents.
Must not import: anything outside the standard library and `routing.*`.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterator
from itertools import islice

from switchboard.domain.routing.ordering import AgentKey

_COMPACT_AT = 64  # drop the consumed head once it is this long and half the list


class ReadyList:
    """`keys[head:]` in ascending order."""

    __slots__ = ("head", "keys")

    def __init__(self) -> None:
        self.keys: list[AgentKey] = []
        self.head = 0

    def __len__(self) -> int:
        return len(self.keys) - self.head

    def __bool__(self) -> bool:
        return len(self.keys) > self.head

    def __iter__(self) -> Iterator[AgentKey]:
        return islice(self.keys, self.head, None)

    def first(self) -> AgentKey | None:
        """The longest idle agent's key, or None when nobody is ready."""
        keys, head = self.keys, self.head
        return keys[head] if head < len(keys) else None

    def __getitem__(self, index: int) -> AgentKey:
        """The key at `index` (0: the longest idle); `index` must be in range, not negative."""
        return self.keys[self.head + index]

    def add(self, key: AgentKey) -> None:
        keys = self.keys
        if len(keys) == self.head or key > keys[-1]:
            keys.append(key)
        else:
            insort(keys, key, self.head)

    def remove(self, key: AgentKey) -> None:
        """Remove `key`; ValueError when it is not there."""
        keys, head = self.keys, self.head
        if head < len(keys) and keys[head] == key:
            head += 1
            if head == len(keys):
                keys.clear()
                head = 0
            elif head >= _COMPACT_AT and head * 2 >= len(keys):
                del keys[:head]
                head = 0
            self.head = head
            return
        at = bisect_left(keys, key, head)
        if at == len(keys) or keys[at] != key:
            raise ValueError(f"{key!r} not in ready list")
        del keys[at]
