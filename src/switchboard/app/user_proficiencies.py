"""User proficiency use cases (R7.4-R7.6): associate, update, disassociate.

Invariants:
    * a user holds at most MAX_PROFICIENCIES (10) entries, one per (attribute name, value);
    * the attribute exists as a `PredefinedAttribute` (id = name) and the value is one of its
      values (unless the attribute turned value validation off explicitly);
    * levels are the whole numbers 1..5 (the wire sends floats).

Must not import anything from `aws/` or `handlers/`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from switchboard.app.predefined_attributes import find_predefined_attribute
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.errors import InvalidArgumentError, LimitExceededError
from switchboard.domain.resources.user import MAX_PROFICIENCIES, Proficiency, User

MIN_LEVEL = 1
MAX_LEVEL = 5


@dataclass(frozen=True, slots=True)
class ProficiencyRequest:
    """One requested (name, value, level) entry; `level` as sent (a float on the wire)."""

    attribute_name: str
    attribute_value: str
    level: float | None = None


def _key(p: Proficiency | ProficiencyRequest) -> tuple[str, str]:
    return (p.attribute_name, p.attribute_value)


def _level(entry: ProficiencyRequest) -> int:
    level = entry.level
    if level is None or level != int(level) or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise InvalidArgumentError(
            "UserProficiencies.Level",
            f"level of {entry.attribute_name}={entry.attribute_value} must be a whole number "
            f"from {MIN_LEVEL} to {MAX_LEVEL}, got {level}",
        )
    return int(level)


def _check_attribute(uow: UnitOfWork, entry: ProficiencyRequest) -> None:
    attribute = find_predefined_attribute(uow, entry.attribute_name)
    if attribute is None:
        raise InvalidArgumentError(
            "UserProficiencies.AttributeName",
            f"predefined attribute '{entry.attribute_name}' does not exist",
        )
    validate_values = attribute.enable_value_validation_on_association is not False
    if validate_values and entry.attribute_value not in attribute.values:
        raise InvalidArgumentError(
            "UserProficiencies.AttributeValue",
            f"'{entry.attribute_value}' is not a value of predefined attribute "
            f"'{entry.attribute_name}'",
        )


def _validated(uow: UnitOfWork, entries: Iterable[ProficiencyRequest]) -> list[Proficiency]:
    out: list[Proficiency] = []
    for entry in entries:
        level = _level(entry)
        _check_attribute(uow, entry)
        out.append(Proficiency(entry.attribute_name, entry.attribute_value, level))
    return out


def _save(uow: UnitOfWork, user: User, proficiencies: dict[tuple[str, str], Proficiency]) -> User:
    updated = replace(
        user,
        proficiencies=tuple(proficiencies[k] for k in sorted(proficiencies)),
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
    )
    uow.put(updated)
    uow.record(
        "UserProficienciesChanged",
        user_id=user.id,
        proficiencies=[
            [p.attribute_name, p.attribute_value, p.level] for p in updated.proficiencies
        ],
    )
    uow.commit()
    return updated


def associate(uow: UnitOfWork, user_id: str, entries: Sequence[ProficiencyRequest]) -> User:
    """Add proficiencies; a pair the user already holds gets the new level (R7.4).

    Raises:
        NotFoundError: no such user.
        InvalidArgumentError: unknown attribute or value, or a level that is not 1..5.
        LimitExceededError: the user would hold more than 10 proficiencies.
    """
    user = uow.require(User, user_id)
    current = {_key(p): p for p in user.proficiencies}
    for p in _validated(uow, entries):
        current[_key(p)] = p
    if len(current) > MAX_PROFICIENCIES:
        raise LimitExceededError(
            f"A user can have at most {MAX_PROFICIENCIES} proficiencies; this request makes "
            f"{len(current)}"
        )
    return _save(uow, user, current)


def update(uow: UnitOfWork, user_id: str, entries: Sequence[ProficiencyRequest]) -> User:
    """Change levels of proficiencies the user holds; any pair it lacks is an error (R7.4)."""
    user = uow.require(User, user_id)
    current = {_key(p): p for p in user.proficiencies}
    for p in _validated(uow, entries):
        if _key(p) not in current:
            raise InvalidArgumentError(
                "UserProficiencies",
                f"user {user.id} has no proficiency {p.attribute_name}={p.attribute_value}",
            )
        current[_key(p)] = p
    return _save(uow, user, current)


def disassociate(uow: UnitOfWork, user_id: str, entries: Sequence[ProficiencyRequest]) -> User:
    """Remove proficiencies; pairs the user does not hold are ignored (R7.4)."""
    user = uow.require(User, user_id)
    drop = {_key(e) for e in entries}
    current = {_key(p): p for p in user.proficiencies if _key(p) not in drop}
    return _save(uow, user, current)
