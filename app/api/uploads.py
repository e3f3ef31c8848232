"""The files of a GraphQL multipart request, stored before the request's transaction opens.

Storing a file's bytes (on disk or in a bucket) can take a while; a database connection
held meanwhile is one the pool cannot give anyone else. So for a multipart request the
view first authenticates in a short transaction of its own, then receives each file
(spooled, measured, sniffed: domain/documents/intake.py) and puts its bytes in the
object store, and only then opens the request's transaction. The resolver takes its
file's ReceivedFile from here and records the document without storing anything. A file
the intake refuses is left for the resolver, which reads it again and says what is wrong
in its payload; bytes stored for a mutation that then fails are an unreferenced blob
under their digest, as with POST /documents, never a row without its bytes.
"""

from collections.abc import AsyncIterator
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from app.db import Database
from app.request_scope import request_scope
from app.settings import Settings
from domain.documents import intake
from domain.documents.intake import ReceivedFile
from domain.documents.storage import CHUNK_BYTES, BlobStore
from domain.shared import policy
from domain.shared.errors import DomainError
from domain.shared.policy import Permission


class Uploads:
    def __init__(self, received: dict[int, ReceivedFile] | None = None) -> None:
        self._received = received or {}

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


async def store_uploads(
    request: Request, database: Database, store: BlobStore, settings: Settings
) -> Uploads | Response:
    """Every file of the request received and stored, for a caller who may upload; the
    response for one who is not authenticated."""
    async with request_scope(database, request) as scope:
        if isinstance(scope, Response):
            return scope
        actor = scope.actor
    if not policy.allows(actor, Permission.DOCUMENT_UPLOAD):
        return Uploads()  # the resolver refuses the role before reading a byte
    uploads = Uploads()
    form = await request.form()  # parsed once: strawberry reads the same form after
    for value in form.values():
        if not isinstance(value, UploadFile):
            continue
        try:
            received = await intake.receive(
                chunks(value), value.filename, settings.max_upload_bytes
            )
        except DomainError:
            await value.seek(0)
            continue
        await value.seek(0)
        try:
            await store.put(actor.tenant_id, received.sha256, received.file)
        except BaseException:
            received.file.close()
            uploads.close()
            raise
        received.file.seek(0)
        uploads._received[id(value)] = received
    return uploads
