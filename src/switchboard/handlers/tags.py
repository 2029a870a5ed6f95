"""TagResource, UntagResource, ListTagsForResource for every taggable resource."""

from __future__ import annotations

from typing import Any

from switchboard.app import tags as use
from switchboard.handlers.context import Handler, HandlerContext


def tag_resource(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.tag_resource(ctx.app, ctx.caller, req["resourceArn"], req["tags"])
    return {}


def untag_resource(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.untag_resource(ctx.app, ctx.caller, req["resourceArn"], req["tagKeys"])
    return {}


def list_tags_for_resource(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"tags": use.list_tags(ctx.app, ctx.caller, req["resourceArn"])}


OPERATIONS: dict[str, Handler] = {
    "TagResource": tag_resource,
    "UntagResource": untag_resource,
    "ListTagsForResource": list_tags_for_resource,
}
