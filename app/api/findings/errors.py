"""The errors mutations of findings and their remediation plans return: their codes, as a typed client sees them."""

import enum

import strawberry

from app.api.errors import UserError, code


@strawberry.enum(
    description="Why a mutation of findings and their remediation plans changed nothing."
)
class FindingErrorCode(enum.Enum):
    INVALID = code("INVALID")
    NOT_FOUND = code("NOT_FOUND")
    CONFLICT = code("CONFLICT")
    INVALID_TRANSITION = code("INVALID_TRANSITION")


@strawberry.type(
    description="A problem with the input of a mutation of findings and their remediation plans."
)
class FindingError(UserError):
    code: FindingErrorCode = strawberry.field(description="Stable code to switch on.")
