"""Errors, in one place: typed user errors in payloads, FORBIDDEN on top, the rest masked."""

import functools
import inspect
import logging
import typing
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Generic, Self, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.enum import EnumValueDefinition

from app import security
from domain.shared.errors import DomainError, DomainErrors, Forbidden, InvalidInput

logger = logging.getLogger("tprm.api")

MASKED_MESSAGE = "Unexpected error."


# What each code means, whichever area returns it: each area's enum lists the codes its
# mutations can return (VendorErrorCode, FindingErrorCode, ...), so a typed client knows.
_MEANINGS = {
    "INVALID": "A value does not fit: `field` names it, `message` says why.",
    "NOT_FOUND": "An ID names nothing here: missing, or another tenant's (the two look the same).",
    "CONFLICT": "Another record, or the record's state, stands in the way (a duplicate domain, "
    "a request already decided).",
    "INVALID_TRANSITION": "Not a move the lifecycle allows from where it stands now "
    "(availableTransitions lists those that are).",
    "REQUIREMENTS_PENDING": "Items of the onboarding checklist are not cleared yet.",
    "SELF_APPROVAL": "The decision must be another member's than the requester's.",
    "TOO_LARGE": "A file or an input is over its limit.",
    "TOO_MANY_ENDPOINTS": "The tenant has as many webhook endpoints as it may.",
    "DELIVERY_PENDING": "The webhook delivery is still being tried: wait for it to settle.",
    "ENDPOINT_DISABLED": "The webhook endpoint is disabled: enable it first.",
}


def code(name: str) -> EnumValueDefinition:
    """One value of an area's error code enum, with what it means."""
    return strawberry.enum_value(name, description=_MEANINGS[name])


def field_path(field: str | None) -> list[str] | None:
    """An error's field as a path from the mutation's input ("dataAccess.hostingRegions.3"
    -> ["dataAccess", "hostingRegions", "3"])."""
    return field.split(".") if field else None


@strawberry.interface(
    description="A problem with a mutation's input; the mutation changed nothing. Each area's "
    "payloads carry their own kind (VendorError, FindingError, ...) with a `code` of the "
    "area's enum."
)
class UserError:
    field: list[str] | None = strawberry.field(
        description='The input field at fault, as a path from the input: ["dataAccess", '
        '"hostingRegions", "3"]; null when no one field is.'
    )
    message: str = strawberry.field(description="A sentence for people.")

    @classmethod
    def from_domain(cls, error: DomainError) -> Self:
        codes = typing.get_type_hints(cls)["code"]
        return cls(code=codes[error.code], field=field_path(error.field), message=error.message)  # type: ignore[call-arg]


E = TypeVar("E", bound=UserError)


@strawberry.type(description="What every mutation answers: its result, or what was wrong.")
class Payload(Generic[E]):
    errors: list[E] = strawberry.field(
        default_factory=list, description="What was wrong; empty when the mutation succeeded."
    )

    @classmethod
    def error_type(cls) -> type[UserError]:
        for base in getattr(cls, "__orig_bases__", ()):
            if typing.get_origin(base) is Payload:
                return typing.get_args(base)[0]  # type: ignore[no-any-return]
        raise TypeError(f"{cls.__name__} does not name its error type: Payload[AreaError]")


def forbidden(error: Forbidden) -> GraphQLError:
    return GraphQLError(error.message, extensions={"code": "FORBIDDEN"})


Resolver = TypeVar("Resolver", bound=Callable[..., Awaitable[Payload]])


def mutation(
    description: str, errors: dict[str, str], by_role: bool = True
) -> Callable[[Resolver], Any]:
    """A mutation field whose body runs in a savepoint: any failure leaves nothing behind.

    The resolver returns its payload on success. A domain error raised in it becomes the
    same payload type with typed `errors` (and nothing else set); FORBIDDEN becomes a
    top-level error. Loaders are reset afterwards either way: what they cached before
    the change may be stale now, or rolled back.

    `errors` says, for each code of the area's enum the mutation returns, when: it is
    written into the description, so a front end reads what to handle beside the field.
    """

    def decorate(resolver: Resolver) -> Any:
        signature = inspect.signature(resolver)
        payload_type = typing.get_type_hints(resolver)["return"]
        codes = typing.get_type_hints(payload_type.error_type())["code"]
        unknown = set(errors) - set(codes.__members__)
        if unknown:
            raise TypeError(f"{resolver.__name__}: {sorted(unknown)} are not {codes.__name__}s")
        told = "; ".join(f"{code} {when}" for code, when in errors.items())
        described = f"{description} Errors: {told}."
        if by_role:  # a respondent has no role: nothing it may call is refused by one
            described += " FORBIDDEN (top level) for a role that may not."

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
                each = error.errors if isinstance(error, DomainErrors) else [error]
                kind = payload_type.error_type()
                return payload_type(errors=[kind.from_domain(e) for e in each])  # type: ignore[no-any-return]
            except BaseException:
                await savepoint.rollback()
                raise
            else:
                await savepoint.commit()
                return payload
            finally:
                context.reset_loaders()

        return strawberry.mutation(description=described)(run)

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
        extensions["field"] = field_path(field)  # the argument at fault, as a path
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
