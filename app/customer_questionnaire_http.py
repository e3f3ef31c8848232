"""GET /customer-questionnaires/{id}/file and .../answered: a customer's questionnaire as it
came, and the same file with its ACCEPTED and EDITED answers written in (domain.diligence.
customer_questionnaires), with the bearer token, to every member. Another tenant's id is a
404 exactly like a missing one."""

from uuid import UUID

from starlette.requests import Request
from starlette.responses import Response

from app.db import Database
from app.file_responses import Endpoint, StoredFile, content_disposition, file_response
from app.request_scope import domain_error_response, global_uuid, request_scope
from domain.diligence import customer_questionnaires as questionnaires
from domain.diligence.sheets import FileFormat
from domain.documents.storage import BlobStore
from domain.shared.errors import Forbidden, InvalidInput, NotFound


def _questionnaire_id(request: Request) -> UUID:
    return global_uuid(
        request.path_params.get("questionnaire_id"),
        "CustomerQuestionnaire",
        "Customer questionnaire",
        "id",
    )


def original_file_endpoint(database: Database, store: BlobStore) -> Endpoint:
    """The customer's file as it was imported (GET or HEAD, byte ranges)."""
    route = "GET /customer-questionnaires/{id}/file"

    async def download(request: Request) -> Response:
        async with request_scope(database, request) as scope:
            if isinstance(scope, Response):
                return scope  # not authenticated
            try:
                row = await questionnaires.get_questionnaire(
                    scope.session, scope.actor, _questionnaire_id(request)
                )
            except (Forbidden, NotFound) as error:
                return domain_error_response(error, scope.actor, route)
            file = StoredFile(
                row.tenant_id,
                row.sha256,
                row.filename,
                questionnaires.CONTENT_TYPES[FileFormat(row.format)],
                row.size_bytes,
            )
        return file_response(request, store, file, inline=False)

    return download


def answered_file_endpoint(database: Database, store: BlobStore) -> Endpoint:
    """The customer's file with the answers a member accepted or wrote, written after the
    request's transaction has closed (openpyxl in a worker thread)."""
    route = "GET /customer-questionnaires/{id}/answered"

    async def download(request: Request) -> Response:
        async with request_scope(database, request) as scope:
            if isinstance(scope, Response):
                return scope  # not authenticated
            try:
                answered = await questionnaires.answered_file(
                    scope.session, scope.actor, store, _questionnaire_id(request)
                )
            except (Forbidden, NotFound) as error:
                return domain_error_response(error, scope.actor, route)
            actor = scope.actor
        try:
            body = await questionnaires.write_answered(answered)
        except InvalidInput as error:
            # the file no longer takes its answers as read (an answer cell merged over)
            return domain_error_response(error, actor, route)
        headers = {
            "Content-Disposition": content_disposition(answered.answered_name),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        }
        return Response(body, media_type=answered.content_type, headers=headers)

    return download
