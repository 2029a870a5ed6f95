"""Instance use cases: create (with Connect's defaults), describe, list, delete, attributes."""

from __future__ import annotations

from dataclasses import replace

from switchboard.app.container import App, Caller
from switchboard.app.defaults import seed_instance
from switchboard.app.state import InstanceState
from switchboard.domain.errors import InvalidArgumentError, InvalidRequestError, NotFoundError
from switchboard.domain.ids import instance_arn
from switchboard.domain.resources.instance import IdentityManagementType, Instance
from switchboard.domain.tags import merged_tags


def create_instance(
    app: App,
    caller: Caller,
    *,
    identity_management_type: IdentityManagementType,
    inbound_calls_enabled: bool,
    outbound_calls_enabled: bool,
    alias: str | None = None,
    tags: dict[str, str] | None = None,
) -> Instance:
    """Create an ACTIVE instance with its default resources; aliases are unique per account."""
    if alias is not None:
        for state in app.instances.values():
            inst = state.instance
            if inst.alias == alias and inst.account_id == caller.account_id:
                raise InvalidRequestError(f"Instance alias '{alias}' is already in use")
    new_id = app.ids.new_id()
    now = app.now()
    instance = Instance(
        id=new_id,
        instance_id=new_id,
        arn=instance_arn((caller.region, caller.account_id), new_id),
        tags=merged_tags({}, tags or {}),
        last_modified_at=now,
        last_modified_region=caller.region,
        account_id=caller.account_id,
        region=caller.region,
        alias=alias,
        identity_management_type=identity_management_type,
        inbound_calls_enabled=inbound_calls_enabled,
        outbound_calls_enabled=outbound_calls_enabled,
        created_at=now,
    )
    state = InstanceState(instance)
    app.attach_center(state)
    uow = app.unit_of_work(state)
    uow.put(instance)
    seed_instance(uow, app.ids)
    uow.record("InstanceCreated", instance_id=new_id)
    uow.commit()
    app.add_instance(state)
    return instance


def list_instances(app: App, caller: Caller) -> list[Instance]:
    return sorted(
        (
            s.instance
            for s in app.instances.values()
            if s.instance.account_id == caller.account_id and s.instance.region == caller.region
        ),
        key=lambda i: i.id,
    )


def delete_instance(app: App, caller: Caller, instance_id: str) -> None:
    state = app.instance_state(caller, instance_id)
    app.drop_instance(state.instance_id)


def update_instance_attribute(
    app: App, caller: Caller, instance_id: str, attribute_type: str, value: str
) -> None:
    state = app.instance_state(caller, instance_id)
    uow = app.unit_of_work(state)
    inst = state.instance
    attributes = dict(inst.attributes or {})
    attributes[attribute_type] = value
    uow.put(replace(inst, attributes=attributes, last_modified_at=uow.now))
    uow.commit()


ADJUSTABLE_QUOTAS = {"users": 100_000}  # quota name -> the highest value it may be raised to


def raise_quota(app: App, instance_id: str, name: str, value: int) -> Instance:
    """Set an adjustable quota of an instance (what a Service Quotas increase does)."""
    state = app.instances.get(instance_id)
    if state is None:
        raise NotFoundError("Instance", instance_id)
    ceiling = ADJUSTABLE_QUOTAS.get(name)
    if ceiling is None:
        raise InvalidArgumentError(
            "quota", f"'{name}' is not adjustable; use one of {sorted(ADJUSTABLE_QUOTAS)}"
        )
    if not 1 <= value <= ceiling:
        raise InvalidArgumentError("quota", f"{name} must be between 1 and {ceiling}")
    uow = app.unit_of_work(state)
    inst = state.instance
    updated = replace(inst, quotas={**(inst.quotas or {}), name: value}, last_modified_at=uow.now)
    uow.put(updated)
    uow.record("QuotaRaised", quota=name, value=value)
    uow.commit()
    return updated
