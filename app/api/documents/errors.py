"""The errors mutations of documents return: their codes, as a typed client sees them."""

import enum

import strawberry

from app.api.errors import UserError, code


@strawberry.enum(description="Why a mutation of documents changed nothing.")
class DocumentErrorCode(enum.Enum):
    INVALID = code("INVALID")
    NOT_FOUND = code("NOT_FOUND")
    TOO_LARGE = code("TOO_LARGE")


@strawberry.type(description="A problem with the input of a mutation of documents.")
class DocumentError(UserError):
    code: DocumentErrorCode = strawberry.field(description="Stable code to switch on.")
