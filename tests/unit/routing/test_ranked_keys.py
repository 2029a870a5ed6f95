"""RankedKeys answers exactly what a SortedList of the same keys answers, whatever the order of
adds and removes (in-order arrivals, head takes, middle removals, new priorities), both as a
queue's main index and as a step sub-index (the record keeps one slot for each)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sortedcontainers import SortedList

from switchboard.domain.routing.ordering import QueueKey
from switchboard.domain.routing.ranked import RankedKeys


class _Rec:
    """The parts of a contact record that RankedKeys reads."""

    __slots__ = ("key", "place_main", "place_sub", "queue_priority")

    def __init__(self, priority: int) -> None:
        self.queue_priority = priority
        self.place_main = self.place_sub = -1
        self.key: QueueKey = (0, 0, 0, None)


def k(priority: int, age: int, seq: int) -> QueueKey:
    record = _Rec(priority)
    record.key = (priority, age, seq, record)
    return record.key


# (op, priority, age step, pick): op 0 = add a new key, 1 = take the first, 2 = remove the
# picked one (anywhere), 3 = add with an age key in the past (a time adjustment).
OPS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(1, 4), st.integers(0, 3), st.integers(0, 10_000)),
    max_size=300,
)


def _check(ranked: RankedKeys, model: SortedList) -> None:
    assert len(ranked) == len(model)
    assert bool(ranked) == bool(model)
    assert list(ranked) == list(model)
    if model:
        assert ranked[0] == model[0] == ranked.first()
        assert min(ranked.heads()) == model[0]
        assert sorted({key[0] for key in ranked.heads()}) == sorted({key[0] for key in model})
        assert ranked[-1] == model[-1]
        assert ranked[len(model) // 2] == model[len(model) // 2]
    for key in model:  # every present key's position, read from its record's slot
        assert ranked.rank_of(key[3]) == model.index(key)


@settings(max_examples=300, deadline=None)
@given(OPS, st.booleans())
def test_ranked_keys_match_a_sorted_list_when_any_updates_are_applied(
    ops: list, main: bool
) -> None:
    ranked, model = RankedKeys(main=main), SortedList()
    now = seq = 0
    for op, priority, step, pick in ops:
        now += step
        if op in (0, 3):
            seq += 1
            age = now if op == 0 else now - 50 - pick % 100
            key = k(priority, age, seq)
            ranked.add(key)
            model.add(key)
        elif model:
            key = model[0] if op == 1 else model[pick % len(model)]
            ranked.remove(key)
            model.remove(key)
        _check(ranked, model)


def test_long_in_order_queue_stays_exact_when_the_head_is_consumed() -> None:
    ranked, model = RankedKeys(), SortedList()
    for seq in range(1, 5_001):
        key = k(1 + seq % 3, seq, seq)
        ranked.add(key)
        model.add(key)
        if seq % 3 == 0:
            ranked.remove(model[0])
            model.remove(model[0])
    _check(ranked, model)
    assert RankedKeys(model).rank_of(model[1234][3]) == 1234
    assert RankedKeys(model, main=False).rank_of(model[1234][3]) == 1234


def test_a_record_in_a_main_index_and_a_sub_index_has_its_position_in_each() -> None:
    keys = [k(1, age, age) for age in range(10)]
    main, sub = RankedKeys(keys), RankedKeys(keys[::2], main=False)
    assert [main.rank_of(key[3]) for key in keys[::2]] == [0, 2, 4, 6, 8]
    assert [sub.rank_of(key[3]) for key in keys[::2]] == [0, 1, 2, 3, 4]


def test_removing_a_missing_key_raises_value_error_as_sorted_list_does() -> None:
    only = k(1, 1, 1)
    ranked = RankedKeys([only])
    with pytest.raises(ValueError, match="not in index"):
        ranked.remove(k(1, 2, 2))
    with pytest.raises(ValueError, match="not in index"):
        ranked.remove(k(5, 1, 3))
    assert list(ranked) == [only]
