"""The errors mutations of the tenant's own scope and controls return."""

import enum

import strawberry

from app.api.errors import UserError, code


@strawberry.enum(
    description="Why a mutation of the tenant's own scope and controls changed nothing."
)
class ComplianceErrorCode(enum.Enum):
    INVALID = code("INVALID")
    NOT_FOUND = code("NOT_FOUND")
    CONFLICT = code("CONFLICT")
    TOO_LARGE = code("TOO_LARGE")


@strawberry.type(description="A problem with the input of a mutation of own scope and controls.")
class ComplianceError(UserError):
    code: ComplianceErrorCode = strawberry.field(description="Stable code to switch on.")
