"""ReadyList answers what a SortedList of the same agent keys answers, whatever the order of
adds and removes (agents becoming ready now or earlier, the head taking a contact, an agent
leaving from the middle)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sortedcontainers import SortedList

from switchboard.domain.routing.ordering import AgentKey
from switchboard.domain.routing.ready_list import ReadyList

# (op, time step, agent, pick): op 0 = an agent becomes ready now, 1 = the head leaves,
# 2 = the picked agent leaves (anywhere), 3 = an agent becomes ready with an earlier clock.
OPS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 40), st.integers(0, 10_000)),
    max_size=400,
)


def _check(ready: ReadyList, model: SortedList) -> None:
    assert len(ready) == len(model)
    assert bool(ready) == bool(model)
    assert ready.first() == (model[0] if model else None)
    assert list(ready) == list(model)
    if model:
        assert ready[0] == model[0]
        assert ready[len(model) - 1] == model[-1]


@settings(max_examples=300, deadline=None)
@given(OPS)
def test_ready_list_matches_a_sorted_list_when_any_updates_are_applied(ops: list) -> None:
    ready, model = ReadyList(), SortedList()
    now = 0
    for op, step, agent, pick in ops:
        now += step
        user = f"u{agent:02d}"
        present = {key[1] for key in model}
        if op in (0, 3) and user not in present:
            key: AgentKey = (now if op == 0 else now - 5 - pick % 7, user)
            ready.add(key)
            model.add(key)
        elif op == 1 and model:
            ready.remove(model[0])
            model.remove(model[0])
        elif op == 2 and model:
            key = model[pick % len(model)]
            ready.remove(key)
            model.remove(key)
        _check(ready, model)


def test_ready_list_keeps_order_when_the_head_is_consumed_past_compaction() -> None:
    ready = ReadyList()
    for i in range(300):
        ready.add((i, f"u{i:03d}"))
    for i in range(200):
        ready.remove((i, f"u{i:03d}"))
    assert len(ready) == 100
    assert ready[0] == (200, "u200")
    assert list(ready) == [(i, f"u{i:03d}") for i in range(200, 300)]


def test_ready_list_refuses_to_remove_a_key_it_does_not_hold() -> None:
    ready = ReadyList()
    ready.add((1, "a"))
    with pytest.raises(ValueError, match="not in ready list"):
        ready.remove((1, "b"))
