"""GET /control-evidence/{id}/content: a file of a control's evidence, with the bearer token,
to every member; served like a document's download (app/file_responses.py)."""

from app.db import Database
from app.file_responses import Endpoint, download_by_id
from domain.compliance import evidence
from domain.documents.storage import BlobStore


def evidence_download_endpoint(database: Database, store: BlobStore) -> Endpoint:
    return download_by_id(
        database,
        store,
        evidence.get_evidence,
        "ControlEvidence",
        "Evidence",
        "GET /control-evidence/{id}/content",
    )
