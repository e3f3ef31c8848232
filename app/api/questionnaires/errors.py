"""The errors mutations of questionnaires return: their codes, as a typed client sees them."""

import enum

import strawberry

from app.api.errors import UserError, code


@strawberry.enum(description="Why a mutation of questionnaires changed nothing.")
class QuestionnaireErrorCode(enum.Enum):
    INVALID = code("INVALID")
    NOT_FOUND = code("NOT_FOUND")
    CONFLICT = code("CONFLICT")
    TOO_LARGE = code("TOO_LARGE")


@strawberry.type(description="A problem with the input of a mutation of questionnaires.")
class QuestionnaireError(UserError):
    code: QuestionnaireErrorCode = strawberry.field(description="Stable code to switch on.")
