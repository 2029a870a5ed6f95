"""Ids and ARNs for new resources, built as Connect builds them."""

from __future__ import annotations

from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.ids import IdGenerator, resource_arn


def new_identity(uow: UnitOfWork, ids: IdGenerator, kind: str) -> tuple[str, str]:
    """(id, arn) for a new resource of `kind` in the unit of work's instance."""
    new_id = ids.new_id()
    return new_id, resource_arn(uow.state.instance.arn, kind, new_id)


def require_unique_name(existing_names: list[str], name: str, label: str) -> None:
    """Names are unique per instance and kind, case-sensitively as the console shows them."""
    from switchboard.domain.errors import DuplicateError

    if name in existing_names:
        raise DuplicateError(f"{label} with name '{name}' already exists")
