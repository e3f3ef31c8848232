"""GET /control-evidence/{id}/content: a file of a control's evidence, with the bearer token,
to every member; served like a document's download (app/file_responses.py)."""

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from app.db import Database
from app.file_responses import Endpoint, bearer_download
from app.request_scope import global_uuid
from domain.compliance import evidence
from domain.compliance.models import ControlEvidence
from domain.documents.storage import BlobStore
from domain.shared.actor import Actor


def evidence_download_endpoint(database: Database, store: BlobStore) -> Endpoint:
    async def find(session: AsyncSession, actor: Actor, request: Request) -> ControlEvidence:
        evidence_id = global_uuid(
            request.path_params.get("evidence_id"), "ControlEvidence", "Evidence", "id"
        )
        return await evidence.get_evidence(session, actor, evidence_id)

    return bearer_download(database, store, find, "GET /control-evidence/{id}/content")
