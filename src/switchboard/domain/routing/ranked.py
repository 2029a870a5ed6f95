"""RankedKeys: waiting-contact keys in routing order, with rank, for the queue indexes.

Keys are `ordering.QueueKey` tuples `(priority, age key, seq, record)`; `seq` is unique, so
no two keys are equal and the record is never compared. The index needs add, remove, first,
the rank of a present key, iteration in order, len: what `SortedList` offers, which costs
about a microsecond per update in Python and an index-tree walk per rank.

Most contacts of one priority arrive in key order: their age key is their enqueue instant (no
QueueTimeAdjustment), which never decreases, and their seq grows. So each priority is a *level*
kept as a plain list, appended at the tail and consumed at the head (the agent takes the first
contact): O(1) updates. A level that gets a key out of order or loses
one from its middle (an abandon, a new priority or adjustment, a requeue after a missed offer)
becomes a `SortedList` until it empties. Rank is the sizes of the lower levels (few: one per
distinct priority waiting) plus the rank inside the level, read from where the key was appended.
That append slot is kept on the contact record itself (`place_main` in a queue's main index,
`place_sub` in a step sub-index; a record is in at most one of each): a position then touches
the record and its level and nothing else, no search and no side table, so it costs about the
same with 10^3 or 10^6 waiting (a side table keyed by seq cost two more cache misses per call
at 10^6, which is most of what grew).

    RankedKeys
      _order     sorted priorities that have waiting keys
      _levels    priority -> _Level
                 list mode: keys[head:] in order, slots on the records (rank without a
                 search); sorted mode: a SortedList
Must not import: anything outside the standard library, sortedcontainers and `routing.*`.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Protocol

from sortedcontainers import SortedList

from switchboard.domain.routing.ordering import QueueKey


class Placed(Protocol):
    """What RankedKeys reads and writes on the record riding in a key's last place."""

    key: QueueKey
    queue_priority: int
    place_main: int
    place_sub: int


_COMPACT_AT = 64  # a list level drops its consumed head once it is this long and half the list


class _Level:
    """One priority. List mode: `keys[head:]` in order; a key's record holds where it was
    appended, counted from the level's first append (`base` = slot of `keys[0]`), so a present
    key's rank is `slot - base - head` without a search. Sorted mode: `ranked`."""

    __slots__ = ("base", "head", "keys", "main", "ranked", "size")

    def __init__(self, main: bool) -> None:
        self.keys: list[QueueKey] = []
        self.head = 0
        self.base = 0
        self.main = main
        self.ranked: SortedList | None = None
        self.size = 0

    def to_sorted(self) -> SortedList:
        ranked = SortedList(self.keys[self.head :])
        self.ranked = ranked
        self.keys = []
        self.head = 0
        return ranked

    def append(self, key: QueueKey) -> None:
        keys = self.keys
        record: Placed = key[3]
        if self.main:
            record.place_main = self.base + len(keys)
        else:
            record.place_sub = self.base + len(keys)
        keys.append(key)

    def rank_present(self, record: Placed) -> int:
        """Keys of this level before `record`'s key, which must be in this level: its slot
        is then exact, so neither a search nor a read of the key is needed."""
        ranked = self.ranked
        if ranked is not None:
            return int(ranked.bisect_left(record.key))
        return (record.place_main if self.main else record.place_sub) - self.base - self.head

    def first(self) -> QueueKey:
        ranked = self.ranked
        return self.keys[self.head] if ranked is None else ranked[0]

    def iterate(self) -> Iterator[QueueKey]:
        return islice(self.keys, self.head, None) if self.ranked is None else iter(self.ranked)


class RankedKeys:
    """Queue keys in routing order; see the module docstring. `main`: whether the records'
    `place_main` (a queue's main index) or `place_sub` (a step sub-index) holds their place."""

    __slots__ = ("_levels", "_main", "_order", "_size")

    def __init__(self, keys: Iterable[QueueKey] = (), *, main: bool = True) -> None:
        self._levels: dict[int, _Level] = {}
        self._order: list[int] = []
        self._size = 0
        self._main = main
        for key in keys:
            self.add(key)

    def __len__(self) -> int:
        return self._size

    def __bool__(self) -> bool:
        return self._size > 0

    def __iter__(self) -> Iterator[QueueKey]:
        levels = self._levels
        for priority in list(self._order):
            yield from levels[priority].iterate()

    def add(self, key: QueueKey) -> None:
        priority = key[0]
        level = self._levels.get(priority)
        if level is None:
            level = self._levels[priority] = _Level(self._main)
            insort(self._order, priority)
        ranked = level.ranked
        if ranked is None:
            keys = level.keys
            if len(keys) == level.head or key > keys[-1]:
                level.append(key)
            else:
                level.to_sorted().add(key)
        else:
            ranked.add(key)
        level.size += 1
        self._size += 1

    def remove(self, key: QueueKey) -> None:
        """Remove `key`; ValueError when it is not there (as `SortedList.remove`)."""
        priority = key[0]
        level = self._levels.get(priority)
        if level is None:
            raise ValueError(f"{key!r} not in index")
        ranked = level.ranked
        if ranked is None:
            keys, head = level.keys, level.head
            if head < len(keys) and (keys[head] is key or keys[head] == key):
                head += 1
                if head >= _COMPACT_AT and head * 2 >= len(keys):
                    del keys[:head]
                    level.base += head
                    head = 0
                level.head = head
            else:
                at = bisect_left(keys, key, head)
                if at == len(keys) or keys[at] != key:
                    raise ValueError(f"{key!r} not in index")
                level.to_sorted().remove(key)
        else:
            ranked.remove(key)
        level.size -= 1
        self._size -= 1
        if not level.size:
            del self._levels[priority]
            self._order.remove(priority)

    def first(self) -> QueueKey:
        """The next key to route (the index must not be empty): `self[0]` without its checks."""
        level = self._levels[self._order[0]]
        ranked = level.ranked
        return level.keys[level.head] if ranked is None else ranked[0]

    def heads(self) -> list[QueueKey]:
        """The first key of every priority level."""
        return [level.first() for level in self._levels.values()]

    def __getitem__(self, index: int) -> QueueKey:
        """The key at `index` in routing order (0 is the next contact to route)."""
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError("RankedKeys index out of range")
        levels = self._levels
        for priority in self._order:
            level = levels[priority]
            if index < level.size:
                if index == 0:
                    return level.first()
                if level.ranked is not None:
                    return level.ranked[index]  # type: ignore[no-any-return]
                return level.keys[level.head + index]
            index -= level.size
        raise AssertionError("sizes out of step")  # pragma: no cover

    def rank_of(self, record: Placed) -> int:
        """0-based rank of a record whose key is in this index (a position, R2.2.2)."""
        priority = record.queue_priority
        levels = self._levels
        below = 0
        order = self._order
        if order[0] != priority:  # most queues wait at one priority: skip the loop then
            for other in order:
                if other >= priority:
                    break
                below += levels[other].size
        return below + levels[priority].rank_present(record)
