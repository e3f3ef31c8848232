"""The errors mutations of the risk register return."""

import enum

import strawberry

from app.api.errors import UserError, code


@strawberry.enum(description="Why a mutation of the risk register changed nothing.")
class RiskErrorCode(enum.Enum):
    INVALID = code("INVALID")
    NOT_FOUND = code("NOT_FOUND")
    CONFLICT = code("CONFLICT")
    INVALID_TRANSITION = code("INVALID_TRANSITION")
    SELF_APPROVAL = code("SELF_APPROVAL")


@strawberry.type(description="A problem with the input of a mutation of the risk register.")
class RiskError(UserError):
    code: RiskErrorCode = strawberry.field(description="Stable code to switch on.")
