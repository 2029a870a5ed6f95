"""Predefined attribute use cases (R7.1-R7.3, R7.6): named value lists for proficiencies.

Owns: create, update and delete of custom attributes, and the lookups every other use case
must go through (`find_predefined_attribute`, `all_predefined_attributes`), because the
system attributes are built in rather than stored.

Invariants:
* an attribute is identified by its name (entity id = name); names are unique per instance
  ignoring case; names and values use letters, digits, spaces and `_ . : / = + - @ '`;
* custom names never start with `aws:` or `connect:`; values are unique within an attribute;
* at most 150 custom attributes per instance; the system attributes do not count;
* the system attributes `connect:Language`, `connect:Subtype` and `connect:WorkloadType` exist
  read-only in every instance. They are *not* stored: `find_predefined_attribute` and
  `all_predefined_attributes` synthesise them, so instances created before this module, or
  restored from any store, have them too (docs/design/resources-hierarchy.md);
* a value cannot be removed (update) nor the attribute deleted while a user holds it as a
  proficiency.

Must not import: `aws`, `handlers`.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from switchboard.app.state import InstanceState
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.errors import (
    DuplicateError,
    InvalidArgumentError,
    LimitExceededError,
    NotFoundError,
    ResourceInUseError,
)
from switchboard.domain.ids import resource_arn
from switchboard.domain.resources.instance import Instance
from switchboard.domain.resources.predefined_attribute import (
    MAX_PREDEFINED_ATTRIBUTES,
    MAX_VALUES,
    SYSTEM_ATTRIBUTE_PREFIXES,
    PredefinedAttribute,
)
from switchboard.domain.resources.user import User

LOG = logging.getLogger(__name__)

MAX_NAME_LENGTH = 100
_EXTRA_CHARS = frozenset(" _.:/=+-@'")

#: The read-only system attributes and their values (R7.6 ASSUMPTION: the value lists are
#: the emulator's choice; the admin guide names the attributes but does not list values).
SYSTEM_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "connect:Language": (
        "ar-AE",
        "de-DE",
        "en-AU",
        "en-GB",
        "en-IN",
        "en-US",
        "es-ES",
        "es-US",
        "fr-CA",
        "fr-FR",
        "hi-IN",
        "it-IT",
        "ja-JP",
        "ko-KR",
        "nl-NL",
        "pt-BR",
        "pt-PT",
        "zh-CN",
    ),
    "connect:Subtype": (
        "connect:Chat",
        "connect:Email",
        "connect:SMS",
        "connect:Telephony",
        "connect:WebRTC",
        "connect:Task",
        "connect:Apple",
        "connect:Guide",
        "connect:WhatsApp",
    ),
    "connect:WorkloadType": ("Standard", "Callback"),
}

Source = UnitOfWork | InstanceState


def _instance(source: Source) -> Instance:
    return source.state.instance if isinstance(source, UnitOfWork) else source.instance


def system_attribute(instance: Instance, name: str) -> PredefinedAttribute | None:
    """The built-in system attribute `name` of `instance`, or None."""
    values = SYSTEM_ATTRIBUTES.get(name)
    if values is None:
        return None
    return PredefinedAttribute(
        id=name,
        instance_id=instance.id,
        arn=resource_arn(instance.arn, PredefinedAttribute.KIND, name),
        last_modified_at=instance.created_at,
        last_modified_region=instance.region,
        name=name,
        values=values,
        is_read_only=True,
    )


def _stored(source: Source) -> list[PredefinedAttribute]:
    return source.all(PredefinedAttribute)


def find_predefined_attribute(source: Source, name: str) -> PredefinedAttribute | None:
    """The attribute named exactly `name` (custom or system), or None."""
    builtin = system_attribute(_instance(source), name)
    if builtin is not None:
        return builtin
    # Scan rather than `get`: a name may contain '/' or start with 'arn:', which id lookup
    # would read as an ARN.
    return next((a for a in _stored(source) if a.name == name), None)


def require_predefined_attribute(source: Source, name: str) -> PredefinedAttribute:
    """Like `find_predefined_attribute`, raising NotFoundError when absent."""
    found = find_predefined_attribute(source, name)
    if found is None:
        raise NotFoundError(PredefinedAttribute.LABEL, name)
    return found


def all_predefined_attributes(source: Source) -> list[PredefinedAttribute]:
    """Every attribute of the instance, system ones included, sorted by name."""
    inst = _instance(source)
    builtins = [system_attribute(inst, name) for name in SYSTEM_ATTRIBUTES]
    merged = [a for a in builtins if a is not None] + _stored(source)
    return sorted(merged, key=lambda a: a.name)


def _check_text(field: str, text: str) -> None:
    if not text or len(text) > MAX_NAME_LENGTH:
        raise InvalidArgumentError(field, f"must be 1 to {MAX_NAME_LENGTH} characters")
    bad = sorted({c for c in text if not (c.isalnum() or c in _EXTRA_CHARS)})
    if bad:
        raise InvalidArgumentError(
            field,
            f"'{text}' contains characters that are not allowed ({''.join(bad)}); use letters, "
            "digits, spaces and _ . : / = + - @ '",
        )


def _reserved(name: str) -> bool:
    return name.lower().startswith(SYSTEM_ATTRIBUTE_PREFIXES)


def _check_values(values: list[str]) -> tuple[str, ...]:
    if len(values) > MAX_VALUES:
        raise InvalidArgumentError("Values", f"at most {MAX_VALUES} values are allowed")
    seen: set[str] = set()
    for value in values:
        _check_text("Values.StringList", value)
        if value in seen:
            raise InvalidArgumentError("Values.StringList", f"value '{value}' is duplicated")
        seen.add(value)
    return tuple(values)


def _read_only(name: str) -> InvalidArgumentError:
    return InvalidArgumentError("Name", f"'{name}' is a read-only system predefined attribute")


def create_predefined_attribute(
    uow: UnitOfWork,
    *,
    name: str,
    values: list[str] | None = None,
    purposes: list[str] | None = None,
    enable_value_validation_on_association: bool | None = None,
) -> PredefinedAttribute:
    """A new custom attribute.

    Raises:
        InvalidArgumentError: reserved prefix, illegal characters, duplicate values.
        DuplicateError: an attribute with the same name ignoring case exists.
        LimitExceededError: the instance already has 150 custom attributes.
    """
    _check_text("Name", name)
    if _reserved(name):
        raise InvalidArgumentError(
            "Name", "predefined attribute names must not start with 'aws:' or 'connect:'"
        )
    checked_values = _check_values(values or [])
    existing = _stored(uow)
    if any(a.name.lower() == name.lower() for a in existing):
        raise DuplicateError(f"Predefined attribute with name '{name}' already exists")
    if len(existing) >= MAX_PREDEFINED_ATTRIBUTES:
        raise LimitExceededError(
            f"An instance can have at most {MAX_PREDEFINED_ATTRIBUTES} predefined attributes"
        )
    inst = uow.state.instance
    attribute = PredefinedAttribute(
        id=name,
        instance_id=inst.id,
        arn=resource_arn(inst.arn, PredefinedAttribute.KIND, name),
        last_modified_at=uow.now,
        last_modified_region=inst.region,
        name=name,
        values=checked_values,
        purposes=tuple(purposes or ()),
        enable_value_validation_on_association=enable_value_validation_on_association,
    )
    uow.put(attribute)
    uow.record("PredefinedAttributeCreated", name=name, values=len(checked_values))
    uow.commit()
    return attribute


def _holders(uow: UnitOfWork, name: str, values: set[str] | None = None) -> list[str]:
    """Ids of users holding attribute `name` (restricted to `values` when given)."""
    return [
        user.id
        for user in uow.all(User)
        if any(
            p.attribute_name == name and (values is None or p.attribute_value in values)
            for p in user.proficiencies
        )
    ]


def _require_custom(uow: UnitOfWork, name: str) -> PredefinedAttribute:
    if name in SYSTEM_ATTRIBUTES:
        raise _read_only(name)
    found = find_predefined_attribute(uow, name)
    if found is None:
        raise NotFoundError(PredefinedAttribute.LABEL, name)
    return found


def update_predefined_attribute(
    uow: UnitOfWork,
    name: str,
    *,
    values: list[str] | None = None,
    purposes: list[str] | None = None,
    enable_value_validation_on_association: bool | None = None,
) -> PredefinedAttribute:
    """Replace the values, purposes and/or configuration of a custom attribute.

    Raises:
        NotFoundError: no attribute has the name.
        InvalidArgumentError: a system attribute, illegal characters or duplicate values.
        ResourceInUseError: a removed value is still held by a user as a proficiency.
    """
    attribute = _require_custom(uow, name)
    new_values = attribute.values
    if values is not None:
        new_values = _check_values(values)
        removed = set(attribute.values) - set(new_values)
        holders = _holders(uow, attribute.name, removed) if removed else []
        if holders:
            raise ResourceInUseError(
                f"Values {sorted(removed)} of predefined attribute '{name}' are still assigned "
                f"to {len(holders)} user(s) as proficiencies"
            )
    updated = replace(
        attribute,
        values=new_values,
        purposes=tuple(purposes) if purposes is not None else attribute.purposes,
        enable_value_validation_on_association=(
            enable_value_validation_on_association
            if enable_value_validation_on_association is not None
            else attribute.enable_value_validation_on_association
        ),
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
    )
    uow.put(updated)
    uow.record("PredefinedAttributeUpdated", name=attribute.name, values=len(new_values))
    uow.commit()
    return updated


def delete_predefined_attribute(uow: UnitOfWork, name: str) -> None:
    """Delete a custom attribute no user holds.

    Raises:
        NotFoundError: no attribute has the name.
        InvalidArgumentError: a system attribute.
        ResourceInUseError: some user holds the attribute as a proficiency.
    """
    attribute = _require_custom(uow, name)
    holders = _holders(uow, attribute.name)
    if holders:
        raise ResourceInUseError(
            f"Predefined attribute '{name}' is assigned to {len(holders)} user(s) as a "
            "proficiency; remove those proficiencies first"
        )
    uow.delete(attribute)
    uow.record("PredefinedAttributeDeleted", name=attribute.name)
    uow.commit()
    LOG.info("predefined attribute %s deleted from %s", name, uow.instance_id)
