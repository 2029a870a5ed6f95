"""The domain's error tree. Handlers map each class to a modelled Connect exception.

Errors carry facts (kind, id, field, reason), never rendered wire bodies.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(DomainError):
    """A named resource does not exist (ResourceNotFoundException)."""

    def __init__(self, kind: str, resource_id: str, message: str | None = None) -> None:
        super().__init__(message or f"{kind} not found for id {resource_id}")
        self.kind = kind
        self.resource_id = resource_id


class ContactNotFoundError(NotFoundError):
    """A contact does not exist or is over, where the API names ContactNotFoundException."""

    def __init__(self, contact_id: str, message: str | None = None) -> None:
        super().__init__("Contact", contact_id, message or f"Contact not found: {contact_id}")


class DuplicateError(DomainError):
    """A name or key already exists (DuplicateResourceException)."""


class InvalidArgumentError(DomainError):
    """A value is well-formed but breaks a documented rule (InvalidParameterException)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason


class InvalidRequestError(DomainError):
    """The request is valid but cannot be done in the current state (InvalidRequestException)."""


class ConflictError(DomainError):
    """The resource's state forbids the change (ResourceConflictException)."""


class ResourceInUseError(DomainError):
    """The resource is still referenced elsewhere (ResourceInUseException)."""


class LimitExceededError(DomainError):
    """A quota would be exceeded (ServiceQuotaExceededException or LimitExceededException)."""


class AccessDeniedError(DomainError):
    """The documented AccessDeniedException cases (e.g. two SearchUsers filter kinds at once)."""
