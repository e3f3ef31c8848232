"""An uploadDocument's file, checked and stored before the request's transaction opens.

Storing a file's bytes (on disk or in a bucket) can take a while; a database connection
held meanwhile is one the pool cannot give anyone else. So for a GraphQL multipart request
that uploads a document (one operation, one file at `variables.input.file`), the view does
what POST /documents does before its write: authenticates in a short transaction of its
own, receives the file with no transaction open (spooled, measured, sniffed:
domain/documents/intake.py), runs every check of the upload in a second short
transaction (the role, the vendor in this tenant, the kind against the bytes, the same
bytes already there), puts the bytes in the object store with none open, and only then
opens the request's transaction, where the resolver records the document without storing
anything. Any other multipart request, and a file the checks refuse, is left to its
resolver, which reads the file again and says what is wrong in its payload.
"""

import json
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from strawberry import relay

from app.api.relay import optional_uuid
from app.db import Database
from app.request_scope import request_scope
from app.settings import Settings
from domain.documents import intake, service
from domain.documents.intake import ReceivedFile
from domain.documents.models import DocumentKind
from domain.documents.storage import CHUNK_BYTES, BlobStore
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.errors import DomainError
from domain.shared.policy import Permission


class Uploads:
    """Files received and stored by the view, for their resolvers to take."""

    def __init__(self) -> None:
        self._received: dict[int, ReceivedFile] = {}

    def keep(self, upload: UploadFile, received: ReceivedFile) -> None:
        self._received[id(upload)] = received

    def take(self, upload: Any) -> ReceivedFile | None:
        """The received and stored form of `upload`, if the view stored it; the caller closes it."""
        return self._received.pop(id(upload), None)

    def close(self) -> None:
        for received in self._received.values():
            received.file.close()
        self._received.clear()


async def chunks(file: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await file.read(CHUNK_BYTES):
        yield chunk


def is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith("multipart/form-data")


def document_upload(form: FormData) -> tuple[UploadFile, UUID, DocumentKind] | None:
    """The file, vendor and kind of an uploadDocument request; None for anything else."""
    try:
        operations = json.loads(str(form.get("operations") or ""))
        mapping = json.loads(str(form.get("map") or ""))
    except ValueError:
        return None
    if not isinstance(operations, dict) or "uploadDocument" not in str(operations.get("query")):
        return None
    if not isinstance(mapping, dict) or len(mapping) != 1:
        return None
    [(key, paths)] = mapping.items()
    given = (operations.get("variables") or {}).get("input")
    file = form.get(key)
    if paths != ["variables.input.file"] or not isinstance(given, dict):
        return None
    try:
        vendor_id = optional_uuid(relay.GlobalID.from_id(given["vendorId"]), "Vendor")
        kind = DocumentKind(given["kind"])
    except (KeyError, TypeError, ValueError):
        return None
    if not isinstance(file, UploadFile) or vendor_id is None:
        return None
    return file, vendor_id, kind


async def store_upload(
    request: Request, database: Database, store: BlobStore, settings: Settings
) -> Uploads | Response:
    """The request's document file checked and stored, for a caller who may upload; the
    response for one who is not authenticated."""
    uploads = Uploads()
    async with request_scope(database, request) as scope:
        if isinstance(scope, Response):
            return scope
        actor = scope.actor
    if not policy.allows(actor, Permission.DOCUMENT_UPLOAD):
        return uploads  # the resolver refuses the role before reading a byte
    upload = document_upload(await request.form())  # parsed once: strawberry reads it after
    if upload is None:
        return uploads
    file, vendor_id, kind = upload
    try:
        received = await intake.receive(chunks(file), file.filename, settings.max_upload_bytes)
    except DomainError:
        await file.seek(0)
        return uploads
    try:
        if await _storable(database, actor, vendor_id, kind, received):
            await store.put(actor.tenant_id, received.sha256, received.file)
            received.file.seek(0)
            uploads.keep(file, received)
        else:
            received.file.close()
    except BaseException:
        received.file.close()
        raise
    await file.seek(0)
    return uploads


async def _storable(
    database: Database, actor: Actor, vendor_id: UUID, kind: DocumentKind, received: ReceivedFile
) -> bool:
    """Whether the upload passes every check and its bytes are not the vendor's already."""
    async with database.transaction(actor.tenant_id) as session:
        try:
            _, existing = await service.check_upload(
                session, actor, vendor_id, service.DocumentDetails(kind=kind), received
            )
        except DomainError:
            return False
    return existing is None
