"""GET /trust-documents/{id}/content and GET /trust-packages/{id}/content: a document the
tenant shares with its customers, and a package it made for one, with the bearer token, to
every member; served like a control's evidence (app/file_responses.py)."""

from app.db import Database
from app.file_responses import Endpoint, download_by_id
from domain.diligence import trust_documents, trust_packages
from domain.documents.storage import BlobStore


def trust_document_download_endpoint(database: Database, store: BlobStore) -> Endpoint:
    return download_by_id(
        database,
        store,
        trust_documents.get_document,
        "TrustDocument",
        "Document",
        "GET /trust-documents/{id}/content",
    )


def trust_package_download_endpoint(database: Database, store: BlobStore) -> Endpoint:
    return download_by_id(
        database,
        store,
        trust_packages.get_package,
        "TrustPackage",
        "Trust package",
        "GET /trust-packages/{id}/content",
    )
