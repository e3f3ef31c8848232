"""create_app(): the Starlette app with its routes, lifespan and middleware."""

import gc
import logging
import re
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, request_response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import migrate
from app.api.schema import build_schema
from app.api.view import GraphQLView
from app.control_evidence_http import evidence_download_endpoint
from app.csv_exports import (
    answer_library_csv_endpoint,
    answer_library_xlsx_endpoint,
    controls_csv_endpoint,
    subprocessors_csv_endpoint,
)
from app.customer_questionnaire_http import answered_file_endpoint, original_file_endpoint
from app.db import Database, app_role_url, create_engine
from app.documents_http import (
    DocumentLinks,
    download_endpoint,
    link_endpoint,
    refusal,
    upload_endpoint,
)
from app.embedded import resolve_database_url
from app.evidence_pack_http import evidence_pack_endpoint
from app.exports import csv_endpoint
from app.limits import RequestBody
from app.questionnaire_export import questionnaire_xlsx_endpoint
from app.request_scope import error_response, too_many_failures, unauthenticated
from app.respond.schema import build_respondent_schema
from app.respond.view import RespondentView
from app.security import Brake, FailedAuthentications
from app.settings import Settings, get_settings
from app.template_export import template_xlsx_endpoint
from app.trust_documents_http import (
    trust_document_download_endpoint,
    trust_package_download_endpoint,
)
from domain.documents.storage import BlobStore

logger = logging.getLogger("tprm")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class RequestIdMiddleware:
    """Takes a sane X-Request-ID from the caller or makes one; echoes it on the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        await self.app(scope, receive, send_with_id)


def create_app(settings: Settings | None = None, database_url: str | None = None) -> Starlette:
    """The whole HTTP app. `database_url` overrides the settings (tests pass their own)."""
    settings = settings or get_settings()
    url = database_url or resolve_database_url(settings.database_url, settings.data_dir)
    app_url = app_role_url(url, settings.db_app_role, settings.app_database_url)
    database = Database(create_engine(app_url, settings.db_pool_size))
    store = BlobStore.from_url(settings.storage_url, settings.data_dir)
    graphql = GraphQLView(build_schema(settings), database, settings, store)
    failures = FailedAuthentications(Brake.MEMBERS, settings.auth_failures_per_minute)
    # Respondents' failures are counted apart: any web page may call /respond/graphql (CORS),
    # and junk tokens its visitors' browsers send must not lock members out of /graphql.
    respondent_failures = FailedAuthentications(
        Brake.RESPONDENTS, settings.auth_failures_per_minute
    )
    respondent_graphql = RespondentView(
        build_respondent_schema(settings), database, settings, store, respondent_failures
    )
    document_links = DocumentLinks(settings)

    def admission(counted: FailedAuthentications) -> Callable[[Scope], Response | None]:
        def admit(scope: Scope) -> Response | None:
            """Before a body is read: a POST without credentials, or from an address that
            failed too often, is answered at once (GraphiQL's GET needs neither)."""
            if scope["method"] != "POST":
                return None
            client = scope["client"][0] if scope.get("client") else "unknown"
            if counted.blocked(client):
                return too_many_failures()
            if not dict(scope["headers"]).get(b"authorization"):
                return unauthenticated()
            return None

        return admit

    admit = admission(failures)

    vendors_csv = csv_endpoint(database)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        try:
            async with database.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            current = await migrate.current_revision(database.engine)
        except Exception:
            logger.exception("readiness check failed")
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
        head = migrate.head_revision()
        if current != head:
            return JSONResponse(
                {
                    "status": "unavailable",
                    "database": "ok",
                    "migrations": "behind",
                    "current": current,
                    "head": head,
                },
                503,
            )
        return JSONResponse({"status": "ok", "database": "ok", "migrations": "at head"})

    async def server_error(request: Request, exc: Exception) -> Response:
        # No detail leaks.
        return error_response(500, "INTERNAL_SERVER_ERROR", "Unexpected error.")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Everything loaded so far lives as long as the process: keep it out of the
        # garbage collector's full passes, which otherwise stall requests now and then.
        gc.collect()
        gc.freeze()
        yield
        await database.dispose()

    app = Starlette(
        routes=[
            Route(
                "/graphql",
                RequestBody(
                    graphql,
                    max_bytes=settings.max_request_bytes,
                    # A multipart request carries a file: room for the largest upload.
                    multipart_max_bytes=settings.max_upload_bytes + 1024 * 1024,
                    timeout_seconds=settings.body_timeout_seconds,
                    refuse=error_response,
                    admit=admit,
                ),
                # every method reaches the view, which answers one it does not serve with 405
                methods=None,
            ),
            Route(
                "/respond/graphql",
                # The vendor's page may be served from anywhere (the tenant's portal): the
                # token travels in the Authorization header, never in a cookie, so any
                # origin may call with it and none gains anything by its own.
                CORSMiddleware(
                    RequestBody(
                        respondent_graphql,
                        max_bytes=settings.max_request_bytes,
                        multipart_max_bytes=settings.max_upload_bytes + 1024 * 1024,
                        timeout_seconds=settings.body_timeout_seconds,
                        refuse=error_response,
                        admit=admission(respondent_failures),
                    ),
                    allow_origins=["*"],
                    allow_methods=["GET", "POST"],
                    allow_headers=["authorization", "content-type", "accept"],
                    expose_headers=["retry-after", "x-request-id"],
                    max_age=600,
                ),
                methods=None,
            ),
            Route("/vendors.csv", vendors_csv),
            Route("/controls.csv", controls_csv_endpoint(database), methods=["GET"]),
            Route("/subprocessors.csv", subprocessors_csv_endpoint(database), methods=["GET"]),
            Route("/answer-library.csv", answer_library_csv_endpoint(database), methods=["GET"]),
            Route("/answer-library.xlsx", answer_library_xlsx_endpoint(database), methods=["GET"]),
            *(
                Route(
                    f"/evidence-packs/{{pack_id}}.{extension}",
                    evidence_pack_endpoint(database, store, extension),
                    methods=["GET", "HEAD"],
                    name=f"evidence_pack_{extension}",
                )
                for extension in ("csv", "pdf")
            ),
            Route(
                "/questionnaire-templates/{template_id}.xlsx",
                template_xlsx_endpoint(database),
                methods=["GET"],
            ),
            Route(
                "/questionnaires/{questionnaire_id}.xlsx",
                questionnaire_xlsx_endpoint(database),
                methods=["GET"],
            ),
            Route(
                "/documents",
                RequestBody(
                    request_response(upload_endpoint(database, store, settings)),
                    max_bytes=settings.max_upload_bytes,
                    timeout_seconds=settings.body_timeout_seconds,
                    refuse=refusal,
                    admit=admit,
                ),
                methods=["POST"],
            ),
            Route(
                "/documents/{document_id}/content",
                download_endpoint(database, store),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/customer-questionnaires/{questionnaire_id}/file",
                original_file_endpoint(database, store),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/customer-questionnaires/{questionnaire_id}/answered",
                answered_file_endpoint(database, store),
                methods=["GET"],
            ),
            Route(
                "/control-evidence/{id}/content",
                evidence_download_endpoint(database, store),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/trust-documents/{id}/content",
                trust_document_download_endpoint(database, store),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/trust-packages/{id}/content",
                trust_package_download_endpoint(database, store),
                methods=["GET", "HEAD"],
            ),
            Route(
                "/files/{token}",
                link_endpoint(database, store, document_links),
                methods=["GET", "HEAD"],
                name="document_link",
            ),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ],
        lifespan=lifespan,
        exception_handlers={500: server_error},
    )
    app.add_middleware(RequestIdMiddleware)
    app.state.database = database
    app.state.failed_authentications = failures
    app.state.store = store
    app.state.document_links = document_links
    return app
