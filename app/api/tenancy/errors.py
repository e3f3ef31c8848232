"""The errors mutations of the tenant's settings, members and tokens return: their codes, as a typed client sees them."""

import enum

import strawberry

from app.api.errors import UserError, code


@strawberry.enum(
    description="Why a mutation of the tenant's settings, members and tokens changed nothing."
)
class TenancyErrorCode(enum.Enum):
    INVALID = code("INVALID")
    NOT_FOUND = code("NOT_FOUND")
    CONFLICT = code("CONFLICT")


@strawberry.type(
    description="A problem with the input of a mutation of the tenant's settings, members and tokens."
)
class TenancyError(UserError):
    code: TenancyErrorCode = strawberry.field(description="Stable code to switch on.")
