"""One authenticated request = one transaction as the app role, scoped to the token's tenant."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.auth import authenticate
from app.db import Database
from domain.shared.actor import Actor
from domain.shared.session import SerializedSession


@dataclass(frozen=True)
class Scope:
    session: SerializedSession
    actor: Actor


def unauthenticated() -> Response:
    """HTTP 401 shaped like a GraphQL error, so clients have one error path."""
    return JSONResponse(
        {
            "data": None,
            "errors": [
                {
                    "message": "Missing or invalid API token. Send `Authorization: Bearer <token>`.",
                    "extensions": {"code": "UNAUTHENTICATED"},
                }
            ],
        },
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="tprm"'},
    )


@asynccontextmanager
async def request_scope(database: Database, request: Request) -> AsyncIterator[Scope | None]:
    """Yields the caller's scope, or None for a missing or bad token; commits on success.

    The transaction commits before the caller sends its response, so a client
    never sees success for a change that did not land.
    """
    async with database.transaction(None) as session:
        principal = await authenticate(session, request.headers.get("authorization"))
        if principal is None:
            yield None
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
