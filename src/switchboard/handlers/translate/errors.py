"""Domain errors -> modelled Connect exceptions, picked from what each operation declares.

Connect's operations do not all list the same exceptions (StopContact names
ContactNotFoundException, some list LimitExceededException instead of
ServiceQuotaExceededException); the mapping prefers the one the operation models.
"""

from __future__ import annotations

from switchboard.aws.errors import ServiceError
from switchboard.domain import errors as d

# For each domain error: candidate exception shapes, most specific first.
_CANDIDATES: list[tuple[type[d.DomainError], tuple[str, ...]]] = [
    (d.ContactNotFoundError, ("ContactNotFoundException", "ResourceNotFoundException")),
    (d.NotFoundError, ("ResourceNotFoundException", "UserNotFoundException")),
    (d.DuplicateError, ("DuplicateResourceException", "ResourceConflictException")),
    (d.InvalidArgumentError, ("InvalidParameterException", "InvalidRequestException")),
    (d.InvalidRequestError, ("InvalidRequestException", "InvalidParameterException")),
    (d.ConflictError, ("ResourceConflictException", "InvalidRequestException")),
    (
        d.ResourceInUseError,
        ("ResourceInUseException", "ResourceConflictException", "InvalidRequestException"),
    ),
    (
        d.LimitExceededError,
        ("ServiceQuotaExceededException", "LimitExceededException", "InvalidRequestException"),
    ),
    (d.AccessDeniedError, ("AccessDeniedException",)),
]


def to_service_error(error: d.DomainError, modeled: frozenset[str]) -> ServiceError:
    """The modelled exception for `error`, preferring ones the operation declares."""
    for cls, names in _CANDIDATES:
        if isinstance(error, cls):
            chosen = next((n for n in names if n in modeled), names[0])
            return ServiceError(chosen, error.message, _extra_fields(chosen, error))
    return ServiceError("InvalidRequestException", error.message)


def _extra_fields(code: str, error: d.DomainError) -> dict[str, object]:
    problems = getattr(error, "problems", None)
    if code == "InvalidContactFlowException" and problems:
        return {"problems": problems}
    return {}
