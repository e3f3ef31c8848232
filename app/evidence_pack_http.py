"""GET /evidence-packs/{id}.csv and GET /evidence-packs/{id}.pdf: a READY evidence pack's
files (domain.compliance.evidence_pack), downloaded like a document: the bearer token, any
member who may read the tenant's compliance, byte ranges. Another tenant's pack is a 404
exactly like a missing one; a pack not READY is a 409 saying so."""

from collections.abc import Callable, Coroutine
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from app.db import Database
from app.file_responses import StoredFile, file_response
from app.request_scope import domain_error_response, global_uuid, request_scope
from domain.compliance import evidence_pack
from domain.documents.storage import BlobStore
from domain.shared.errors import Forbidden, NotFound

Endpoint = Callable[[Request], Coroutine[Any, Any, Response]]


def evidence_pack_endpoint(database: Database, store: BlobStore, extension: str) -> Endpoint:
    """The endpoint serving a pack's file of this `extension` (csv, pdf)."""
    what = f"GET /evidence-packs/{{id}}.{extension}"

    async def download(request: Request) -> Response:
        async with request_scope(database, request) as scope:
            if isinstance(scope, Response):
                return scope  # not authenticated
            try:
                pack_id = global_uuid(
                    request.path_params.get("pack_id"), "EvidencePack", "Evidence pack", "id"
                )
                found = await evidence_pack.file_of(scope.session, scope.actor, pack_id, extension)
            except (Forbidden, NotFound, evidence_pack.PackNotReady) as error:
                return domain_error_response(error, scope.actor, what)
        file = StoredFile(
            found.tenant_id, found.sha256, found.filename, found.content_type, found.size
        )
        return file_response(request, store, file, inline=False)

    return download
