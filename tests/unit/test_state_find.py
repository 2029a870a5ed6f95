"""`InstanceState.find` and `UnitOfWork.find`/`count`: the index behind CreateUser's username
check (R1.1.1) follows every put, replacement and removal, and a unit of work sees its own
pending writes."""

from __future__ import annotations

from dataclasses import replace

from switchboard.app.state import InstanceState
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.resources.instance import Instance
from switchboard.domain.resources.user import User
from switchboard.storage.memory import MemoryStore


def _user(user_id: str, username: str) -> User:
    return User(id=user_id, instance_id="i", arn=f"arn:u/{user_id}", username=username)


def _ids(users: list[User]) -> list[str]:
    return [u.id for u in users]


def test_find_follows_puts_replacements_and_removals_when_the_index_exists() -> None:
    state = InstanceState(Instance(id="i", instance_id="i", arn="arn:i"))
    state.put(_user("u1", "ann"))
    assert _ids(state.find(User, "username", "ann")) == ["u1"]  # index built here
    state.put(_user("u2", "bob"))
    state.put(_user("u0", "ann"))
    assert _ids(state.find(User, "username", "ann")) == ["u0", "u1"]
    state.put(replace(state.require(User, "u1"), username="cid"))
    assert _ids(state.find(User, "username", "ann")) == ["u0"]
    assert _ids(state.find(User, "username", "cid")) == ["u1"]
    state.remove(User.KIND, "u0")
    state.remove(User.KIND, "missing")
    assert state.find(User, "username", "ann") == []
    assert _ids(state.find(User, "username", "bob")) == ["u2"]
    everyone = {u.username: [u.id] for u in state.all(User)}
    assert {name: _ids(state.find(User, "username", name)) for name in everyone} == everyone


def test_unit_of_work_sees_its_pending_writes_when_finding_and_counting() -> None:
    state = InstanceState(Instance(id="i", instance_id="i", arn="arn:i"))
    state.put(_user("u1", "ann"))
    state.put(_user("u2", "bob"))
    uow = UnitOfWork(MemoryStore(), state, 0)
    uow.put(_user("u3", "ann"))
    uow.put(replace(state.require(User, "u1"), username="cid"))
    uow.delete(state.require(User, "u2"))
    assert _ids(uow.find(User, "username", "ann")) == ["u3"]
    assert _ids(uow.find(User, "username", "cid")) == ["u1"]
    assert uow.find(User, "username", "bob") == []
    assert uow.count(User) == len(uow.all(User)) == 2
    assert _ids(state.find(User, "username", "ann")) == ["u1"]  # nothing committed
