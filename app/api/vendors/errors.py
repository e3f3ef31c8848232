"""The errors mutations of vendors, their contacts and fourth parties, onboarding and imports return: their codes, as a typed client sees them."""

import enum

import strawberry

from app.api.errors import UserError, code


@strawberry.enum(
    description="Why a mutation of vendors, their contacts and fourth parties, onboarding and imports changed nothing."
)
class VendorErrorCode(enum.Enum):
    INVALID = code("INVALID")
    NOT_FOUND = code("NOT_FOUND")
    CONFLICT = code("CONFLICT")
    INVALID_TRANSITION = code("INVALID_TRANSITION")
    REQUIREMENTS_PENDING = code("REQUIREMENTS_PENDING")
    SELF_APPROVAL = code("SELF_APPROVAL")
    TOO_LARGE = code("TOO_LARGE")


@strawberry.type(
    description="A problem with the input of a mutation of vendors, their contacts and fourth parties, onboarding and imports."
)
class VendorError(UserError):
    code: VendorErrorCode = strawberry.field(description="Stable code to switch on.")
