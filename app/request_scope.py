"""One authenticated request = one transaction as the app role, scoped to the token's tenant."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from uuid import UUID

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from strawberry import relay

from app import security
from app.auth import authenticate
from app.db import Database
from app.security import FailedAuthentications
from domain.shared.actor import Actor
from domain.shared.errors import DomainError, Forbidden, NotFound
from domain.shared.session import SerializedSession


@dataclass(frozen=True)
class Scope:
    session: SerializedSession
    actor: Actor


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    """An HTTP error shaped like a GraphQL one, so clients have one error path."""
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status, headers=headers)


def too_many_failures() -> Response:
    """HTTP 429: this client failed to authenticate too often in the last minute."""
    message = "Too many failed authentications from this address; try again in a minute."
    return error_response(429, "TOO_MANY_REQUESTS", message, {"Retry-After": "60"})


def unauthenticated() -> Response:
    """HTTP 401: no token, or not a valid one."""
    message = "Missing or invalid API token. Send `Authorization: Bearer <token>`."
    return error_response(
        401, "UNAUTHENTICATED", message, {"WWW-Authenticate": 'Bearer realm="tprm"'}
    )


@asynccontextmanager
async def request_scope(database: Database, request: Request) -> AsyncIterator[Scope | Response]:
    """Yields the caller's scope, or the response for a caller who is not one (401, or 429
    for an address that failed too often); commits on success.

    The transaction commits before the caller sends its response, so a client
    never sees success for a change that did not land.
    """
    failures: FailedAuthentications = request.app.state.failed_authentications
    client = request.client.host if request.client else "unknown"
    if failures.blocked(client):
        yield too_many_failures()
        return
    async with database.transaction(None) as session:
        authorization = request.headers.get("authorization")
        principal = await authenticate(session, authorization)
        if principal is None:
            # a credential was presented, and it is not one: counted, in this transaction
            if authorization and await failures.failed(session, client, request.state.request_id):
                yield too_many_failures()  # over the limit already, as another process knew
                return
            yield unauthenticated()
            return
        yield Scope(
            session=session,
            actor=Actor(
                tenant_id=principal.tenant_id,
                role=principal.role,
                user_id=principal.user_id,
                membership_id=principal.membership_id,
                token_id=principal.token_id,
                delegated=principal.delegated,
                request_id=request.state.request_id,
            ),
        )


# Plain HTTP endpoints beside /graphql (files, exports) answer domain errors alike.
_STATUS = {"INVALID": 400, "FORBIDDEN": 403, "NOT_FOUND": 404, "CONFLICT": 409, "TOO_LARGE": 413}


def domain_error_response(error: DomainError, actor: Actor, what: str) -> JSONResponse:
    """A domain error as a plain HTTP endpoint answers it (a refusal logged as one)."""
    if isinstance(error, Forbidden):
        security.refused(actor, what)
    body = {"errors": [{"code": error.code, "field": error.field, "message": error.message}]}
    return JSONResponse(body, _STATUS.get(error.code, 400))


def global_uuid(value: str | None, type_name: str, entity: str, field: str) -> UUID:
    """The UUID in a global ID of `type_name`; anything else is simply not found."""
    try:
        global_id = relay.GlobalID.from_id(value or "")
        if global_id.type_name == type_name:
            return UUID(global_id.node_id)
    except (ValueError, TypeError):
        pass
    raise NotFound(entity, field)
