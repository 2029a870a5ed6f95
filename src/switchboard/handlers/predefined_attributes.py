"""Predefined attribute operations: Create/Describe/List/Update/Delete/Search (R7.1-R7.3).

Rules live in `app.predefined_attributes`; this module only translates. Lists and searches
include the read-only system attributes and are paged in name order.
"""

from __future__ import annotations

from typing import Any

from switchboard.app import predefined_attributes as use
from switchboard.domain.resources.predefined_attribute import PredefinedAttribute
from switchboard.domain.search import AllOf
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none, modified
from switchboard.handlers.translate.paging import page
from switchboard.handlers.translate.search import build_criteria


def _configuration(attribute: PredefinedAttribute) -> dict[str, Any]:
    return drop_none(
        {
            "EnableValueValidationOnAssociation": (
                attribute.enable_value_validation_on_association
            ),
            "IsReadOnly": attribute.is_read_only,
        }
    )


def predefined_attribute_out(attribute: PredefinedAttribute) -> dict[str, Any]:
    """The PredefinedAttribute / PredefinedAttributeSearchSummary shape (they are alike)."""
    return drop_none(
        {
            "Name": attribute.name,
            "Values": {"StringList": list(attribute.values)},
            "Purposes": list(attribute.purposes) if attribute.purposes else None,
            "AttributeConfiguration": _configuration(attribute),
            **modified(attribute),
        }
    )


def _summary(attribute: PredefinedAttribute) -> dict[str, Any]:
    return {"Name": attribute.name, **modified(attribute)}


def _by_name(attribute: PredefinedAttribute) -> str:
    return attribute.name


def _config_flag(req: dict[str, Any]) -> bool | None:
    config = req.get("AttributeConfiguration") or {}
    flag = config.get("EnableValueValidationOnAssociation")
    return None if flag is None else bool(flag)


def _values(req: dict[str, Any]) -> list[str] | None:
    wire = req.get("Values")
    if wire is None:
        return None
    return list(wire.get("StringList") or [])


def create_predefined_attribute(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.create_predefined_attribute(
        ctx.unit_of_work(req["InstanceId"]),
        name=req["Name"],
        values=_values(req),
        purposes=req.get("Purposes"),
        enable_value_validation_on_association=_config_flag(req),
    )
    return {}


def describe_predefined_attribute(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    attribute = use.require_predefined_attribute(ctx.instance(req["InstanceId"]), req["Name"])
    return {"PredefinedAttribute": predefined_attribute_out(attribute)}


def list_predefined_attributes(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    attributes = use.all_predefined_attributes(ctx.instance(req["InstanceId"]))
    items, token = page(ctx, req, attributes, key=_by_name, default_max=100)
    return drop_none(
        {"PredefinedAttributeSummaryList": [_summary(a) for a in items], "NextToken": token}
    )


def update_predefined_attribute(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_predefined_attribute(
        ctx.unit_of_work(req["InstanceId"]),
        req["Name"],
        values=_values(req),
        purposes=req.get("Purposes"),
        enable_value_validation_on_association=_config_flag(req),
    )
    return {}


def delete_predefined_attribute(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.delete_predefined_attribute(ctx.unit_of_work(req["InstanceId"]), req["Name"])
    return {}


# Predefined attributes have no description member; a `description` condition never matches.
_STRING_FIELDS = {
    "name": lambda a: a.name,
    "description": lambda a: None,
}


def search_predefined_attributes(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    attributes = use.all_predefined_attributes(ctx.instance(req["InstanceId"]))
    criteria = AllOf([build_criteria(req.get("SearchCriteria"), _STRING_FIELDS)])
    matched = [a for a in attributes if criteria.matches(a)]
    items, token = page(ctx, req, matched, key=_by_name, default_max=100)
    return drop_none(
        {
            "PredefinedAttributes": [predefined_attribute_out(a) for a in items],
            "NextToken": token,
            "ApproximateTotalCount": len(matched),
        }
    )


OPERATIONS: dict[str, Handler] = {
    "CreatePredefinedAttribute": create_predefined_attribute,
    "DescribePredefinedAttribute": describe_predefined_attribute,
    "ListPredefinedAttributes": list_predefined_attributes,
    "UpdatePredefinedAttribute": update_predefined_attribute,
    "DeletePredefinedAttribute": delete_predefined_attribute,
    "SearchPredefinedAttributes": search_predefined_attributes,
}
