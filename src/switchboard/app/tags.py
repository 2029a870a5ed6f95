"""Tagging any resource by ARN (TagResource / UntagResource / ListTagsForResource)."""

from __future__ import annotations

from dataclasses import replace

from switchboard.app.container import App, Caller
from switchboard.app.state import InstanceState
from switchboard.domain.errors import InvalidArgumentError, NotFoundError
from switchboard.domain.resources.base import Entity
from switchboard.domain.tags import merged_tags, without_tags


def _locate(app: App, caller: Caller, arn: str) -> tuple[InstanceState, Entity]:
    parts = arn.split(":", 5)
    if len(parts) < 6 or not parts[5].startswith("instance/"):
        raise InvalidArgumentError("resourceArn", f"'{arn}' is not a Connect resource ARN")
    instance_id = parts[5].split("/")[1]
    try:
        state = app.instance_state(caller, instance_id)
    except NotFoundError as exc:
        raise NotFoundError("Resource", arn) from exc
    entity = state.find_by_arn(arn)
    if entity is None:
        raise NotFoundError("Resource", arn)
    return state, entity


def list_tags(app: App, caller: Caller, arn: str) -> dict[str, str]:
    return dict(_locate(app, caller, arn)[1].tags)


def tag_resource(app: App, caller: Caller, arn: str, tags: dict[str, str]) -> None:
    state, entity = _locate(app, caller, arn)
    uow = app.unit_of_work(state)
    uow.put(replace(entity, tags=merged_tags(entity.tags, tags)))
    uow.record("ResourceTagged", arn=arn, keys=sorted(tags))
    uow.commit()


def untag_resource(app: App, caller: Caller, arn: str, keys: list[str]) -> None:
    state, entity = _locate(app, caller, arn)
    uow = app.unit_of_work(state)
    uow.put(replace(entity, tags=without_tags(entity.tags, keys)))
    uow.record("ResourceUntagged", arn=arn, keys=sorted(keys))
    uow.commit()
