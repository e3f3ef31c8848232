"""The /graphql endpoint: authenticate, open the request's transaction, execute, commit."""

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.types.unset import UNSET

from app.api.context import Context
from app.api.uploads import Uploads, is_multipart, store_upload
from app.db import Database
from app.request_scope import request_scope
from app.settings import Settings
from domain.documents.storage import BlobStore


class GraphQLView(GraphQL):
    """strawberry's ASGI view, run inside one transaction per request (see request_scope)."""

    def __init__(
        self, schema: Any, database: Database, settings: Settings, store: BlobStore
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            # Uploads need no CSRF guard here: credentials are bearer tokens, never cookies.
            multipart_uploads_enabled=True,
        )
        self.database = database
        self.settings = settings
        self.store = store

    def _wants_ide(self, request: Request) -> bool:
        return (
            request.method == "GET"
            and "text/html" in request.headers.get("accept", "")
            and "query" not in request.query_params
        )

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        if not isinstance(request, Request) or self._wants_ide(request):
            return await super().run(request, context=context, root_value=root_value)
        uploads = Uploads()
        if is_multipart(request):
            stored = await store_upload(request, self.database, self.store, self.settings)
            if isinstance(stored, Response):
                return stored  # not authenticated
            uploads = stored
        try:
            async with request_scope(self.database, request) as scope:
                if isinstance(scope, Response):
                    return scope  # not authenticated
                context = Context(
                    request=request,
                    response=None,
                    session=scope.session,
                    actor=scope.actor,
                    settings=self.settings,
                    store=self.store,
                    uploads=uploads,
                )
                return await super().run(request, context=context, root_value=root_value)
        finally:
            uploads.close()
            await request.close()  # the form's own spooled files
