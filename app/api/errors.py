"""Errors, in one place: typed user errors in payloads, FORBIDDEN on top, the rest masked."""

import enum
import functools
import inspect
import logging
import typing
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from app import security
from domain.shared.errors import DomainError, Forbidden, InvalidInput

logger = logging.getLogger("tprm.api")

MASKED_MESSAGE = "Unexpected error."


@strawberry.enum(description="Why a mutation changed nothing.")
class UserErrorCode(enum.Enum):
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    REQUIREMENTS_PENDING = "REQUIREMENTS_PENDING"
    SELF_APPROVAL = "SELF_APPROVAL"
    TOO_LARGE = "TOO_LARGE"


@strawberry.type(description="A problem with the input; the mutation changed nothing.")
class UserError:
    code: UserErrorCode = strawberry.field(description="Stable code to switch on.")
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="A sentence for people.")

    @classmethod
    def from_domain(cls, error: DomainError) -> "UserError":
        return cls(code=UserErrorCode(error.code), field=error.field, message=error.message)


@strawberry.type(description="What every mutation answers: its result, or what was wrong.")
class Payload:
    errors: list[UserError] = strawberry.field(
        default_factory=list, description="What was wrong; empty when the mutation succeeded."
    )


def forbidden(error: Forbidden) -> GraphQLError:
    return GraphQLError(error.message, extensions={"code": "FORBIDDEN"})


Resolver = TypeVar("Resolver", bound=Callable[..., Awaitable[Payload]])


def mutation(description: str) -> Callable[[Resolver], Any]:
    """A mutation field whose body runs in a savepoint: any failure leaves nothing behind.

    The resolver returns its payload on success. A domain error raised in it becomes the
    same payload type with typed `errors` (and nothing else set); FORBIDDEN becomes a
    top-level error. Loaders are reset afterwards either way: what they cached before
    the change may be stale now, or rolled back.
    """

    def decorate(resolver: Resolver) -> Any:
        signature = inspect.signature(resolver)

        @functools.wraps(resolver)
        async def run(*args: Any, **kwargs: Any) -> Payload:
            context = signature.bind(*args, **kwargs).arguments["info"].context
            savepoint = await context.session.begin_nested()
            try:
                payload = await resolver(*args, **kwargs)
            except Forbidden as error:
                await savepoint.rollback()
                raise forbidden(error) from None
            except DomainError as error:
                await savepoint.rollback()
                payload_type = typing.get_type_hints(resolver)["return"]
                return payload_type(errors=[UserError.from_domain(error)])
            except BaseException:
                await savepoint.rollback()
                raise
            else:
                await savepoint.commit()
                return payload
            finally:
                context.reset_loaders()

        return strawberry.mutation(description=description)(run)

    return decorate


class ErrorPolicy(SchemaExtension):
    """Domain errors raised by queries keep their code; anything unexpected is masked.

    Top-level error codes follow the common GraphQL convention (BAD_USER_INPUT,
    UNAUTHENTICATED, FORBIDDEN, INTERNAL_SERVER_ERROR); mutation payloads carry
    their own typed `UserError` codes. Validation and parse errors (no original
    exception) pass untouched: they say what is wrong with the operation and
    reveal nothing of the server.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is None or not errors:
            return
        result.errors = [self._public(error) for error in errors]

    def _refused(self, error: GraphQLError) -> None:
        actor = getattr(self.execution_context.context, "actor", None)
        if actor is not None:
            security.refused(actor, _refused_path(error))

    def _public(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if original is None:
            return error
        if isinstance(original, GraphQLError):
            if (original.extensions or {}).get("code") == "FORBIDDEN":
                self._refused(error)
            if error.path is not None and not (error.extensions or {}).get("code"):
                # An argument the library could not convert (a malformed global ID):
                # the caller's mistake, labelled so clients and fuzzers can tell.
                return _labelled(error, "BAD_USER_INPUT")
            return error
        if isinstance(original, InvalidInput):
            return _labelled(error, "BAD_USER_INPUT", original.message, original.field)
        if isinstance(original, DomainError):
            if isinstance(original, Forbidden):
                self._refused(error)
            return _labelled(error, original.code, original.message, original.field)
        context = self.execution_context.context
        request_id = getattr(getattr(context, "actor", None), "request_id", None)
        logger.error("unexpected error (request %s)", request_id, exc_info=original)
        return _labelled(error, "INTERNAL_SERVER_ERROR", MASKED_MESSAGE, request_id=request_id)


def _refused_path(error: GraphQLError) -> str:
    return ".".join(str(p) for p in error.path or ()) or "operation"


def _labelled(
    error: GraphQLError,
    code: str,
    message: str | None = None,
    field: str | None = None,
    request_id: str | None = None,
) -> GraphQLError:
    """The same error, located where it was, with a code (and no original exception)."""
    extensions: dict[str, object] = {"code": code}
    if field is not None:
        extensions["field"] = field
    if request_id is not None:
        extensions["requestId"] = request_id
    return GraphQLError(
        message or error.message,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        extensions=extensions,
    )
