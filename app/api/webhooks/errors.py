"""The errors mutations of webhooks return: their codes, as a typed client sees them."""

import enum

import strawberry

from app.api.errors import UserError, code


@strawberry.enum(description="Why a mutation of webhooks changed nothing.")
class WebhookErrorCode(enum.Enum):
    INVALID = code("INVALID")
    NOT_FOUND = code("NOT_FOUND")
    TOO_MANY_ENDPOINTS = code("TOO_MANY_ENDPOINTS")
    DELIVERY_PENDING = code("DELIVERY_PENDING")
    ENDPOINT_DISABLED = code("ENDPOINT_DISABLED")


@strawberry.type(description="A problem with the input of a mutation of webhooks.")
class WebhookError(UserError):
    code: WebhookErrorCode = strawberry.field(description="Stable code to switch on.")
