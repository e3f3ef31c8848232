"""The /graphql endpoint: authenticate, open the request's transaction, execute, commit.

What is said over HTTP (media types, status codes, what a request must hold) follows the
GraphQL-over-HTTP specification: app/api/graphql_http.py.
"""

import json
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from app.api import graphql_http
from app.api.context import Context
from app.api.graphql_http import RequestRefused
from app.api.json_pages import WrittenJSON
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
        media_type = graphql_http.response_media_type(request.headers.get("accept"))
        if media_type is None:
            return graphql_http.error_response(
                406,
                "NOT_ACCEPTABLE",
                "Accept application/graphql-response+json or application/json.",
            )
        request.state.graphql_media_type = media_type
        if request.method not in ("GET", "POST"):  # the route lets every method reach here
            return graphql_http.error_response(
                405,
                "METHOD_NOT_ALLOWED",
                "GraphQL is served over GET (queries) and POST.",
                media_type,
                {"Allow": "GET, POST"},
            )
        try:
            return await self._run_authenticated(request, root_value)
        except RequestRefused as refused:
            return refused.response(media_type)
        except HTTPException as refused:  # strawberry's own: a multipart body it cannot read
            return graphql_http.error_response(
                refused.status_code, "BAD_REQUEST", refused.reason, media_type
            )

    async def _run_authenticated(self, request: Request, root_value: Any) -> Any:
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
                context: Any = Context(  # strawberry's run is typed for its own
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

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        if request.method == "GET":
            parameters: object = graphql_http.get_parameters(request.query_params)
        elif is_multipart_type(request.content_type):
            parameters = await self.parse_multipart(request)
        else:
            parameters = graphql_http.post_parameters(
                request.content_type, await request.get_body()
            )
        return graphql_http.request_data(parameters)

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Any,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        try:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as error:
            if isinstance(error.__cause__, InvalidOperationTypeError):
                raise RequestRefused(
                    405,
                    "METHOD_NOT_ALLOWED",
                    "Mutations are sent with POST, never GET.",
                    {"Allow": "POST"},
                ) from error
            if isinstance(error.__cause__, CannotGetOperationTypeError):
                # A request error like a validation error: its status depends on the media type
                return ExecutionResult(data=None, errors=[GraphQLError(error.reason)])
            raise

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        body = await super().process_result(request, result)
        media_type = getattr(request.state, "graphql_media_type", graphql_http.JSON)
        if media_type == graphql_http.GRAPHQL_RESPONSE_JSON and graphql_http.is_request_error(
            result
        ):
            body.pop("data", None)  # nothing ran: no data entry at all
        return body

    async def get_sub_response(self, request: Any) -> Response:
        sub_response = await super().get_sub_response(request)
        # create_response sees only this: the media type travels on it
        sub_response.media_type = getattr(request.state, "graphql_media_type", graphql_http.JSON)
        return sub_response

    def encode_json(self, data: object) -> bytes:
        """The response body, by orjson (UTF-8, non-ASCII text as is rather than escaped).
        By the time it is encoded every scalar is JSON already (dates, decimals and IDs as
        strings); what orjson refuses (an int beyond 64 bits or a lone surrogate in a JSON
        scalar or an error message) falls back to the json module, as before, and so does a
        dataclass or datetime, which orjson would otherwise write where json refuses. A page
        PostgreSQL wrote (WrittenJSON) goes in as it is written."""
        try:
            return orjson.dumps(
                data,
                default=_written_fragment,
                option=orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME,
            )
        except orjson.JSONEncodeError:
            return json.dumps(data, separators=(",", ":"), default=_written_value).encode()

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        media_type = sub_response.media_type or graphql_http.JSON
        status = (
            graphql_http.status(response_data, media_type)
            if isinstance(response_data, dict)
            else 200
        )
        response = Response(
            self.encode_json(response_data),
            status,
            media_type=graphql_http.content_type(media_type),
        )
        response.headers.raw.extend(sub_response.headers.raw)
        response.background = sub_response.background
        return response


def _written_fragment(value: object) -> orjson.Fragment:
    if isinstance(value, WrittenJSON):
        return orjson.Fragment(value.json)
    raise TypeError(f"not JSON: {type(value).__name__}")


def _written_value(value: object) -> object:
    if isinstance(value, WrittenJSON):
        return json.loads(value.json)
    raise TypeError(f"not JSON: {type(value).__name__}")


def is_multipart_type(content_type: str | None) -> bool:
    return (content_type or "").lower().startswith(graphql_http.MULTIPART)
