"""The /graphql endpoint: authenticate, open the request's transaction, execute, commit."""

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from strawberry.asgi import GraphQL
from strawberry.types.unset import UNSET

from app.api.context import Context
from app.auth import authenticate
from app.db import Database
from app.settings import Settings
from domain.shared.actor import Actor
from domain.shared.session import enter_app_role, set_tenant


def unauthenticated() -> Response:
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


class GraphQLView(GraphQL):
    """strawberry's ASGI view, with one transaction per request around execution.

    The transaction commits before the response is sent, so a client never sees
    success for a change that did not land.
    """

    def __init__(self, schema: Any, database: Database, settings: Settings) -> None:
        super().__init__(schema, graphql_ide="graphiql" if settings.graphiql else None)
        self.database = database
        self.settings = settings

    def _wants_ide(self, request: Request) -> bool:
        return (
            request.method == "GET"
            and "text/html" in request.headers.get("accept", "")
            and "query" not in request.query_params
        )

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        if not isinstance(request, Request) or self._wants_ide(request):
            return await super().run(request, context=context, root_value=root_value)
        async with self.database.sessionmaker() as session, session.begin():
            await enter_app_role(session, self.database.app_role)
            principal = await authenticate(session, request.headers.get("authorization"))
            if principal is None:
                return unauthenticated()
            await set_tenant(session, principal.tenant_id)
            actor = Actor(
                tenant_id=principal.tenant_id,
                role=principal.role,
                user_id=principal.user_id,
                membership_id=principal.membership_id,
                token_id=principal.token_id,
                request_id=request.state.request_id,
            )
            context = Context(
                request=request,
                response=None,
                session=session,
                actor=actor,
                settings=self.settings,
            )
            return await super().run(request, context=context, root_value=root_value)
