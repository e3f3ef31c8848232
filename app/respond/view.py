"""/respond/graphql: the respondent schema behind a respondent link's token.

The token is checked in a short transaction of its own (tprm_respondent: a live link, its
request counted against the link's limit per minute), so the count commits at once and no
request holds the link's row. A token that is no live link's is 401, counted against the
client's address (apart from members' failures: a page anywhere may call this endpoint,
and junk its visitors send must not lock them out of /graphql); a link over its limit is
429. The request then runs in one transaction scoped to the link's tenant, as the
respondent, and only if no other request of the same link is running (429 otherwise): a
link's requests wait for no connection behind each other.
"""

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL

from app.api.context import Context
from app.api.view import GraphQLView
from app.auth import bearer_token
from app.db import Database
from app.request_scope import error_response, too_many_failures
from app.security import FailedAuthentications
from app.settings import Settings
from domain.documents.storage import BlobStore
from domain.questionnaires import links
from domain.shared.actor import Actor


def _unauthenticated() -> Response:
    return error_response(
        401,
        "UNAUTHENTICATED",
        "Missing, expired or revoked respondent link. Send `Authorization: Bearer <token>`, "
        "the token of your link (after its #).",
        {"WWW-Authenticate": 'Bearer realm="tprm-respondent"'},
    )


class RespondentView(GraphQLView):
    def __init__(
        self,
        schema: Any,
        database: Database,
        settings: Settings,
        store: BlobStore,
        failures: FailedAuthentications,
    ) -> None:
        super().__init__(schema, database, settings, store)
        self.failures = failures  # respondents' own, apart from members'

    async def _run_authenticated(self, request: Request, root_value: Any) -> Any:
        failures = self.failures
        client = request.client.host if request.client else "unknown"
        if failures.blocked(client):
            return too_many_failures()
        authorization = request.headers.get("authorization")
        token = bearer_token(authorization)
        admission = None
        over_the_limit = False
        if authorization:
            async with self.database.transaction(None) as session:
                if token is not None:
                    admission = await links.admit(
                        session, token, self.settings.respondent_requests_per_minute
                    )
                if admission is None:  # a credential was presented, and it is not one
                    over_the_limit = await failures.failed(
                        session, client, request.state.request_id
                    )
        if admission is None:
            return too_many_failures() if over_the_limit else _unauthenticated()
        if not admission.allowed:
            return error_response(
                429,
                "TOO_MANY_REQUESTS",
                "Too many requests with this link; try again in a minute.",
                {"Retry-After": "60"},
            )
        try:
            async with self.database.transaction(admission.tenant_id) as session:
                if not await links.hold(session, admission.link_id):
                    return error_response(
                        429,
                        "TOO_MANY_REQUESTS",
                        "Another request with this link is still being answered; send one "
                        "at a time.",
                        {"Retry-After": "1"},
                    )
                context: Any = Context(
                    request=request,
                    response=None,
                    session=session,
                    actor=Actor.respondent(
                        admission.tenant_id, admission.link_id, request.state.request_id
                    ),
                    settings=self.settings,
                    store=self.store,
                    questionnaire_id=admission.questionnaire_id,
                )
                return await GraphQL.run(self, request, context=context, root_value=root_value)
        finally:
            await request.close()
