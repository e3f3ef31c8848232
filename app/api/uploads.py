"""An upload mutation's file, checked and stored before the request's transaction opens.

Storing a file's bytes (on disk or in a bucket) can take a while; a database connection
held meanwhile is one the pool cannot give anyone else. So for a GraphQL multipart request
that runs one of STORED_FIRST (uploadDocument, attachControlEvidence, uploadTrustDocument:
one operation, one file at `variables.input.file`), the view does what POST /documents does before its write:
authenticates in a short transaction of its own, receives the file with no transaction
open (spooled, measured, sniffed: domain/documents/intake.py), runs every check of the
mutation in a second short transaction (the role, the vendor or control in this tenant,
the kind against the bytes, the same bytes already there), puts the bytes in the object
store with none open, and only then opens the request's transaction, where the resolver
records the row without storing anything. Any other multipart request, and a file the
checks refuse, is left to its resolver, which reads the file again and says what is wrong
in its payload.
"""

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from strawberry import relay

from app.api.relay import optional_uuid
from app.db import Database
from app.request_scope import request_scope
from app.settings import Settings
from domain.compliance import evidence
from domain.diligence import trust_documents
from domain.diligence.models import TrustDocumentKind
from domain.documents import intake
from domain.documents import service as documents
from domain.documents.intake import ReceivedFile
from domain.documents.models import DocumentKind
from domain.documents.storage import CHUNK_BYTES, BlobStore
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.errors import DomainError
from domain.shared.policy import Permission

if TYPE_CHECKING:
    from app.api.context import Context


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


async def received_file(
    uploads: Uploads, file: UploadFile, max_bytes: int
) -> tuple[ReceivedFile, bool]:
    """A resolver's file, and whether its bytes are in the object store already: as the view
    received and stored it, or (when the view's checks refused it, or it stores none for
    this mutation) received now, so that the resolver says what is wrong. The caller closes
    it."""
    received = uploads.take(file)
    if received is not None:
        return received, True
    return await intake.receive(chunks(file), file.filename, max_bytes), False


@asynccontextmanager
async def receiving(
    context: "Context", upload: UploadFile, permission: Permission
) -> AsyncIterator[tuple[ReceivedFile, bool]]:
    """An upload mutation's file (see `received_file`) for a caller with `permission`,
    refused before a byte is read; the file and the upload closed whatever happens."""
    try:
        policy.require(context.actor, permission)
        received, stored = await received_file(
            context.uploads, upload, context.settings.max_upload_bytes
        )
        with received.file:
            yield received, stored
    finally:
        await upload.close()


# The checks of a mutation's input and file, in a short transaction of their own: whether to
# store its bytes now (False: a check refuses it, or its row with those bytes is there).
Storable = Callable[[AsyncSession, Actor, dict[str, Any], ReceivedFile], Awaitable[bool]]


@dataclass(frozen=True)
class StoredFirst:
    """An upload mutation whose file the view stores before the request's transaction."""

    mutation: str
    permission: Permission
    storable: Storable


def _id(given: dict[str, Any], name: str, type_name: str) -> UUID | None:
    """The UUID in the input's global ID `name` (None for a malformed or foreign one)."""
    return optional_uuid(relay.GlobalID.from_id(given[name]), type_name)


async def _document_storable(
    session: AsyncSession, actor: Actor, given: dict[str, Any], received: ReceivedFile
) -> bool:
    """uploadDocument's: the vendor here, the kind fit for the bytes, the bytes new to it."""
    vendor_id = _id(given, "vendorId", "Vendor")
    kind = DocumentKind(given["kind"])
    if vendor_id is None:
        return False
    details = documents.DocumentDetails(kind=kind)
    _, existing = await documents.check_upload(session, actor, vendor_id, details, received)
    return existing is None


async def _evidence_storable(
    session: AsyncSession, actor: Actor, given: dict[str, Any], received: ReceivedFile
) -> bool:
    """attachControlEvidence's: the control here with room for a file, the note fit, the
    bytes new to it."""
    control_id = _id(given, "controlId", "Control")
    note = given.get("note")
    if control_id is None or not isinstance(note, str | None):
        return False
    existing = await evidence.check_attach(session, actor, control_id, received, note)
    return existing is None


async def _trust_document_storable(
    session: AsyncSession, actor: Actor, given: dict[str, Any], received: ReceivedFile
) -> bool:
    """uploadTrustDocument's: the details fit, the bytes new to the tenant."""
    title, description, valid_until = (given.get(k) for k in ("title", "description", "validUntil"))
    if not isinstance(title, str) or not isinstance(description, str | None):
        return False
    details = trust_documents.TrustDocumentDetails(
        title=title,
        kind=TrustDocumentKind(given["kind"]),
        description=description,
        valid_until=date.fromisoformat(valid_until) if valid_until is not None else None,
    )
    existing = await trust_documents.check_upload(session, actor, details, received)
    return existing is None


STORED_FIRST = (
    StoredFirst("uploadDocument", Permission.DOCUMENT_UPLOAD, _document_storable),
    StoredFirst("attachControlEvidence", Permission.COMPLIANCE_WRITE, _evidence_storable),
    StoredFirst("uploadTrustDocument", Permission.DILIGENCE_WRITE, _trust_document_storable),
)


def stored_first_upload(
    form: FormData,
) -> tuple[UploadFile, StoredFirst, dict[str, Any]] | None:
    """The file, the mutation of STORED_FIRST and the input of a request that runs one;
    None for anything else."""
    try:
        operations = json.loads(str(form.get("operations") or ""))
        mapping = json.loads(str(form.get("map") or ""))
    except ValueError:
        return None
    if not isinstance(operations, dict) or not isinstance(mapping, dict) or len(mapping) != 1:
        return None
    query = str(operations.get("query"))
    mutation = next((m for m in STORED_FIRST if m.mutation in query), None)
    [(key, paths)] = mapping.items()
    variables = operations.get("variables")
    given = variables.get("input") if isinstance(variables, dict) else None
    file = form.get(key)
    if mutation is None or paths != ["variables.input.file"] or not isinstance(given, dict):
        return None
    if not isinstance(file, UploadFile):
        return None
    return file, mutation, given


async def store_upload(
    request: Request, database: Database, store: BlobStore, settings: Settings
) -> Uploads | Response:
    """The request's file checked and stored, for a caller who may run its mutation; the
    response for one who is not authenticated."""
    uploads = Uploads()
    async with request_scope(database, request) as scope:
        if isinstance(scope, Response):
            return scope
        actor = scope.actor
    upload = stored_first_upload(await request.form())  # parsed once: strawberry reads it after
    if upload is None:
        return uploads
    file, mutation, given = upload
    if not policy.allows(actor, mutation.permission):
        return uploads  # the resolver refuses the role before reading a byte
    try:
        received = await intake.receive(chunks(file), file.filename, settings.max_upload_bytes)
    except DomainError:
        await file.seek(0)
        return uploads
    try:
        if await _storable(database, actor, mutation, given, received):
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
    database: Database,
    actor: Actor,
    mutation: StoredFirst,
    given: dict[str, Any],
    received: ReceivedFile,
) -> bool:
    """Whether the upload passes every check of its mutation and its bytes are new there."""
    async with database.transaction(actor.tenant_id) as session:
        try:
            return await mutation.storable(session, actor, given, received)
        except (DomainError, KeyError, TypeError, ValueError):
            return False  # the resolver says what is wrong
