"""The errors mutations of vendor reviews return: their codes, as a typed client sees them."""

import enum

import strawberry

from app.api.errors import UserError, code


@strawberry.enum(description="Why a mutation of vendor reviews changed nothing.")
class ReviewErrorCode(enum.Enum):
    INVALID = code("INVALID")
    NOT_FOUND = code("NOT_FOUND")
    CONFLICT = code("CONFLICT")
    INVALID_TRANSITION = code("INVALID_TRANSITION")
    SELF_APPROVAL = code("SELF_APPROVAL")
    REQUIREMENTS_PENDING = code("REQUIREMENTS_PENDING")


@strawberry.type(description="A problem with the input of a mutation of vendor reviews.")
class ReviewError(UserError):
    code: ReviewErrorCode = strawberry.field(description="Stable code to switch on.")
