"""The errors mutations of a SOC report's review and corrections return: their codes, as a typed client sees them."""

import enum

import strawberry

from app.api.errors import UserError, code


@strawberry.enum(
    description="Why a mutation of a SOC report's review and corrections changed nothing."
)
class SocReportErrorCode(enum.Enum):
    INVALID = code("INVALID")
    NOT_FOUND = code("NOT_FOUND")


@strawberry.type(
    description="A problem with the input of a mutation of a SOC report's review and corrections."
)
class SocReportError(UserError):
    code: SocReportErrorCode = strawberry.field(description="Stable code to switch on.")
