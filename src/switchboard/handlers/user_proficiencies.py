"""User proficiency operations (R7.4): Associate/List/Update/Disassociate.

Levels are whole numbers in the domain and floats on the wire. An 11th proficiency is
reported as ServiceQuotaExceededException (R7.4 ASSUMPTION) although the operations do not
model it; the generic error table would otherwise pick InvalidRequestException.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from switchboard.app import user_proficiencies as use
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.aws.errors import ServiceError
from switchboard.domain.errors import LimitExceededError
from switchboard.domain.resources.user import Proficiency, User
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none, modified
from switchboard.handlers.translate.paging import page


def _entries(req: dict[str, Any]) -> list[use.ProficiencyRequest]:
    return [
        use.ProficiencyRequest(e["AttributeName"], e["AttributeValue"], e.get("Level"))
        for e in req["UserProficiencies"]
    ]


def proficiency_out(p: Proficiency) -> dict[str, Any]:
    return {
        "AttributeName": p.attribute_name,
        "AttributeValue": p.attribute_value,
        "Level": float(p.level),
    }


def _run(
    ctx: HandlerContext,
    req: dict[str, Any],
    command: Callable[[UnitOfWork, str, list[use.ProficiencyRequest]], User],
) -> dict[str, Any]:
    try:
        command(ctx.unit_of_work(req["InstanceId"]), req["UserId"], _entries(req))
    except LimitExceededError as err:
        raise ServiceError("ServiceQuotaExceededException", err.message) from err
    return {}


def associate_user_proficiencies(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    return _run(ctx, req, use.associate)


def update_user_proficiencies(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    return _run(ctx, req, use.update)


def disassociate_user_proficiencies(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    return _run(ctx, req, use.disassociate)


def list_user_proficiencies(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    user = ctx.instance(req["InstanceId"]).require(User, req["UserId"])
    items, token = page(
        ctx,
        req,
        list(user.proficiencies),
        key=lambda p: f"{p.attribute_name}\x00{p.attribute_value}",
        default_max=100,
    )
    return drop_none(
        {
            "UserProficiencyList": [proficiency_out(p) for p in items],
            "NextToken": token,
            **modified(user),
        }
    )


OPERATIONS: dict[str, Handler] = {
    "AssociateUserProficiencies": associate_user_proficiencies,
    "ListUserProficiencies": list_user_proficiencies,
    "UpdateUserProficiencies": update_user_proficiencies,
    "DisassociateUserProficiencies": disassociate_user_proficiencies,
}
