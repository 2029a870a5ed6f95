"""Order-statistic index of the contacts waiting in one (queue, channel).

Holds only QUEUED contacts (offered ones are out, R1.5.1 / R2.2.2). Structure::

    ChannelQueue
      main              RankedKeys              every waiting contact, routing order
      subs[None]        RankedKeys              contacts with no ACTIVE step (this is `main`
                                                itself while no contact has an active step)
      subs[expr_json]   RankedKeys              contacts whose ACTIVE step has that expression
      by_age            heap[(enqueued_at, seq)] for OLDEST_CONTACT_AGE (real time), only
                        once a contact with a time adjustment came (then kept until the index
                        empties); removed entries are dropped lazily (`gone`), the top is
                        always live. Without one, age key = enqueued_at, so the oldest is the
                        oldest of the priority levels' heads.
      owner, gates,     copies of the tables' agent-queue owner, distinct profile delays and
      serving           (delay, ready list) of the profiles serving this pair (tables._route)

Add/remove/rank are O(log n), O(1) and a C bisect for contacts that arrive in order
(`ranked.py`). Position (R2.2.2): rank in `subs[active_key]` when the contact has an active
step, else rank in `main`; `add` leaves that RankedKeys on the record (`place_in`), so the
engine's `position` reads it from the record alone. The best contact for an agent is the minimum over the
heads of the sub-indexes whose expression matches the agent: no scan of all contacts (a scan
from the head happens only to skip contacts younger than a profile delay).
Must not import: anything outside the standard library and `routing.*`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from switchboard.domain.routing.criteria import Expression, Proficiencies, RoutingCriteria
from switchboard.domain.routing.ordering import QueueKey
from switchboard.domain.routing.ranked import RankedKeys
from switchboard.domain.routing.types import Channel

if TYPE_CHECKING:
    from switchboard.domain.routing.ready_list import ReadyList


class Waiting(Protocol):
    """What the index reads and writes on a waiting contact's record (`contacts.ContactRecord`,
    which in turn keeps its index: the index knows the record only through this)."""

    key: QueueKey
    seq: int
    enqueued_at: int
    age_adjust_ms: int
    active_key: str | None
    active_step: int | None
    criteria: RoutingCriteria | None
    place_in: RankedKeys | None


R = TypeVar("R", bound=Waiting)


class ChannelQueue(Generic[R]):
    """The waiting contacts of one (queue, channel)."""

    __slots__ = (
        "by_age",
        "channel",
        "exprs",
        "gates",
        "gone",
        "main",
        "owner",
        "queue_id",
        "serving",
        "size",
        "subs",
    )

    def __init__(self, queue_id: str, channel: Channel) -> None:
        self.queue_id = queue_id
        self.channel = channel
        self.main: RankedKeys = RankedKeys()
        self.subs: dict[str | None, RankedKeys] = {}
        self.exprs: dict[str, Expression] = {}
        self.by_age: list[tuple[int, int]] | None = None
        self.gone: set[int] = set()
        self.owner: str | None = None
        self.gates: tuple[int, ...] = ()
        self.serving: tuple[tuple[int, ReadyList], ...] = ()
        self.size = 0  # = len(main), as a plain attribute: routing tests it for every entry

    def __len__(self) -> int:
        return self.size

    def add(self, record: R) -> None:
        key = record.key
        akey = record.active_key
        subs = self.subs
        main = self.main
        self.size += 1
        if akey is None:
            main.add(key)
            record.place_in = main
            sub = subs.get(None)
            if sub is None:  # alone, the no-step contacts are exactly `main`: share it
                subs[None] = main if not self.exprs else RankedKeys([key], main=False)
            elif sub is not main:
                sub.add(key)
        else:
            if not self.exprs and subs.get(None) is main:
                # main is about to hold stepped contacts too
                subs[None] = RankedKeys(main, main=False)
            main.add(key)
            sub = subs.get(akey)
            if sub is None:
                sub = subs[akey] = RankedKeys(main=False)
                criteria = record.criteria
                assert criteria is not None
                assert record.active_step is not None
                self.exprs[akey] = criteria.steps[record.active_step].expression
            sub.add(key)
            record.place_in = sub
        ages = self.by_age
        if ages is None:
            if record.age_adjust_ms:  # routing order stops telling the oldest: keep a heap
                ages = self.by_age = [(k[3].enqueued_at, k[2]) for k in main]
                heapq.heapify(ages)
            return
        seq = record.seq
        if seq in self.gone:  # its stale entry is still in the heap, identical: reuse it
            self.gone.discard(seq)
        else:
            heapq.heappush(ages, (record.enqueued_at, seq))

    def remove(self, record: R) -> None:
        key = record.key
        record.place_in = None
        main = self.main
        main.remove(key)
        self.size -= 1
        if self.by_age is not None:
            if main:
                self._forget_age(record.seq)
            else:
                self.by_age = None
                self.gone.clear()
        akey = record.active_key
        subs = self.subs
        sub = subs[akey]
        if sub is not main:
            sub.remove(key)
        if not sub:
            del subs[akey]
            if akey is not None:
                del self.exprs[akey]
                if not self.exprs and None in subs:
                    subs[None] = main  # only no-step contacts are left: share `main` again

    def _forget_age(self, seq: int) -> None:
        ages, gone = self.by_age, self.gone
        assert ages is not None
        gone.add(seq)
        while ages and ages[0][1] in gone:
            gone.discard(heapq.heappop(ages)[1])
        if len(gone) > 64 and len(gone) > len(ages) // 2:  # keep the heap near the live size
            ages[:] = [entry for entry in ages if entry[1] not in gone]
            heapq.heapify(ages)
            gone.clear()

    def records(self) -> Iterator[R]:
        """Waiting contacts in routing order."""
        for key in self.main:
            yield key[3]

    def oldest_enqueued_at(self) -> int | None:
        ages = self.by_age
        if ages is not None:
            return ages[0][0]
        if not self.main:
            return None
        return min(key[1] for key in self.main.heads())  # no adjustment: age key = enqueued_at

    def best_for(
        self, proficiencies: Proficiencies, user_id: str, not_after: int | None
    ) -> QueueKey | None:
        """Key of the first contact this agent may take, or None. The index must not be
        empty.

        not_after: the latest enqueue instant the profile delay allows (None: no delay).
        Sub-indexes whose step expression does not match the agent are skipped (R1.9.3).
        """
        exprs = self.exprs
        if not exprs and not_after is None:  # no step, no delay: the head of the line
            return self.main.first()
        best: QueueKey | None = None
        for akey, ranked in self.subs.items():
            if akey is not None and not exprs[akey].matches(proficiencies, user_id):
                continue
            if not_after is None:
                candidate: QueueKey = ranked[0]
            else:
                for candidate in ranked:
                    if candidate[3].enqueued_at <= not_after:
                        break
                else:
                    continue
            if best is None or candidate < best:
                best = candidate
        return best
