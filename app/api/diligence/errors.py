"""The errors mutations of due diligence return."""

import enum

import strawberry

from app.api.errors import UserError, code


@strawberry.enum(description="Why a mutation of due diligence changed nothing.")
class DiligenceErrorCode(enum.Enum):
    INVALID = code("INVALID")
    NOT_FOUND = code("NOT_FOUND")
    CONFLICT = code("CONFLICT")
    TOO_LARGE = code("TOO_LARGE")


@strawberry.type(description="A problem with the input of a mutation of due diligence.")
class DiligenceError(UserError):
    code: DiligenceErrorCode = strawberry.field(description="Stable code to switch on.")
