"""Errors, in one place: typed user errors in payloads, FORBIDDEN on top, the rest masked."""

import enum
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import strawberry
from strawberry.extensions import SchemaExtension

from app.api.context import Info
from domain.shared.actor import Actor
from domain.shared.errors import DomainError, Forbidden
from domain.shared.session import SerializedSession
from graphql import GraphQLError

logger = logging.getLogger("tprm.api")

MASKED_MESSAGE = "Unexpected error."


@strawberry.enum(description="Why a mutation changed nothing.")
class UserErrorCode(enum.Enum):
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"


@strawberry.type(description="A problem with the input; the mutation changed nothing.")
class UserError:
    code: UserErrorCode = strawberry.field(description="Stable code to switch on.")
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="A sentence for people.")

    @classmethod
    def from_domain(cls, error: DomainError) -> "UserError":
        return cls(code=UserErrorCode(error.code), field=error.field, message=error.message)


@dataclass
class MutationScope:
    session: SerializedSession
    actor: Actor
    errors: list[UserError] = field(default_factory=list)


def forbidden(error: Forbidden) -> GraphQLError:
    return GraphQLError(error.message, extensions={"code": "FORBIDDEN"})


@asynccontextmanager
async def mutation(info: Info) -> AsyncIterator[MutationScope]:
    """Run a mutation's body in a savepoint: any failure leaves nothing behind.

    A domain error becomes a typed user error on the payload (return
    `Payload(errors=m.errors)` after the block); FORBIDDEN becomes a top-level error.
    """
    context = info.context
    scope = MutationScope(session=context.session, actor=context.actor)
    savepoint = await context.session.begin_nested()
    try:
        yield scope
    except Forbidden as error:
        await savepoint.rollback()
        raise forbidden(error) from None
    except DomainError as error:
        await savepoint.rollback()
        scope.errors.append(UserError.from_domain(error))
    except BaseException:
        await savepoint.rollback()
        raise
    else:
        await savepoint.commit()


class ErrorPolicy(SchemaExtension):
    """Domain errors raised by queries keep their code; anything unexpected is masked.

    Validation and parse errors (no original exception) pass untouched: they say
    what is wrong with the operation and reveal nothing of the server.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not getattr(result, "errors", None):
            return
        result.errors = [self._public(error) for error in result.errors]

    def _public(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if original is None or isinstance(original, GraphQLError):
            return error
        if isinstance(original, DomainError):
            return GraphQLError(
                original.message,
                error.nodes,
                error.source,
                error.positions,
                error.path,
                extensions={"code": original.code, "field": original.field},
            )
        context = self.execution_context.context
        request_id = getattr(getattr(context, "actor", None), "request_id", None)
        logger.error("unexpected error (request %s)", request_id, exc_info=original)
        return GraphQLError(
            MASKED_MESSAGE,
            error.nodes,
            error.source,
            error.positions,
            error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        )
