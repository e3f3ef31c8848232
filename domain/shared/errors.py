"""Domain errors: each carries a stable code a client can switch on."""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def api_field(name: str) -> str:
    """The API's name of a field (`period_end` -> `periodEnd`), for an error's `field`."""
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


class DomainError(Exception):
    """A business rule said no; nothing was changed."""

    code = "INVALID"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    """Missing, or another tenant's: the two must look the same."""

    code = "NOT_FOUND"

    def __init__(self, entity: str, field: str | None = "id") -> None:
        super().__init__(f"{entity} not found.", field)


class Forbidden(DomainError):
    code = "FORBIDDEN"

    def __init__(self, message: str = "Your role does not allow this.") -> None:
        super().__init__(message)


class InvalidInput(DomainError):
    code = "INVALID"


class Conflict(DomainError):
    code = "CONFLICT"


class DomainErrors(DomainError):
    """Several things wrong at once (a template's questions, say): each is reported."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__(errors[0].message, errors[0].field)
        self.code = errors[0].code
        self.errors = errors


def collecting(problems: list[DomainError], check: Callable[[], T], fallback: T) -> T:
    """The check's value, or `fallback` with what it refused added to `problems` (each of
    several once): to check every field and report every problem at once."""
    try:
        return check()
    except DomainErrors as error:
        problems.extend(error.errors)
    except DomainError as error:
        problems.append(error)
    return fallback
