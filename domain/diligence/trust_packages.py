"""Trust packages: what the tenant sends one customer, as one zip archive to download and
pass on, and the record of it (who made it, for whom, when, what it held).

An archive holds, as chosen: the trust documents (under `documents/`, by their file names),
the subprocessor list (`subprocessors.csv`, as GET /subprocessors.csv gives it), a customer
questionnaire in the customer's own file with its ACCEPTED and EDITED answers, and always
`MANIFEST.txt`: for whom, by whom, when, and each file with its size and SHA-256. Each part
is read as it is at that moment and the archive is kept whole in the object store: what
was sent stays what it was, whatever changes after. At most MAX_DOCUMENTS documents of
MAX_DOCUMENT_BYTES together; the archive is written in a worker thread from temporary files,
so neither memory nor the event loop grows with it.

REVIEWER and ADMIN make packages; every member reads them. A package is never changed or
removed by the app (its table grants neither).
"""

import enum
import hashlib
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

import anyio
from sqlalchemy import Select, bindparam
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.diligence import customer_questionnaires, subprocessors, trust_documents
from domain.diligence.models import TrustPackage
from domain.documents.intake import safe_filename
from domain.documents.storage import BlobStore, spooled_file
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import DomainError, DomainErrors, InvalidInput, NotFound, collecting
from domain.shared.models import utcnow
from domain.shared.pagination import Page, PageRequest, SortKey, built_once, paginate
from domain.shared.policy import Permission
from domain.tenancy.queries import members_with_users

MAX_DOCUMENTS = 20
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024  # the documents of one package, together
MAX_CUSTOMER = 200
MAX_RECIPIENT = 320
MAX_NOTE = 2_000
ZIP = "application/zip"


class PartKind(enum.StrEnum):
    """What a file of a trust package is."""

    DOCUMENT = "DOCUMENT"  # a trust document
    SUBPROCESSORS = "SUBPROCESSORS"  # the subprocessor list
    QUESTIONNAIRE = "QUESTIONNAIRE"  # a customer's questionnaire, answered


@dataclass(frozen=True)
class NewPackage:
    customer: str
    recipient: str  # whom at the customer: a name, an address
    document_ids: tuple[UUID, ...] = ()
    include_subprocessors: bool = False
    questionnaire_id: UUID | None = None
    note: str | None = None


@dataclass(frozen=True)
class _Part:
    """A file of the archive: its path there, what it is, and where its bytes are now."""

    path: str
    kind: PartKind
    source: Path
    about: dict[str, Any]  # what the record says of it besides size and digest


def _line(value: str, field: str, limit: int) -> str:
    return normalize.text(value, field, limit, required=True, one_line=True) or ""


def _checked(new: NewPackage) -> tuple[str, str, str | None]:
    problems: list[DomainError] = []
    customer = collecting(problems, lambda: _line(new.customer, "customer", MAX_CUSTOMER), "")
    recipient = collecting(problems, lambda: _line(new.recipient, "recipient", MAX_RECIPIENT), "")
    note = collecting(problems, lambda: normalize.text(new.note, "note", MAX_NOTE), None)
    if not (new.document_ids or new.include_subprocessors or new.questionnaire_id):
        problems.append(
            InvalidInput(
                "A trust package holds something: choose documents, the subprocessor list or "
                "a questionnaire.",
                "documentIds",
            )
        )
    if len(new.document_ids) > MAX_DOCUMENTS:
        problems.append(
            InvalidInput(f"A package holds at most {MAX_DOCUMENTS} documents.", "documentIds")
        )
    if problems:
        raise DomainErrors(problems)
    return customer, recipient, note


def _unique(path: str, taken: set[str]) -> str:
    """`path`, or with ' (2)', ' (3)' ... before its extension when the archive has it."""
    stem, dot, extension = path.rpartition(".")
    candidate, n = path, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem} ({n}).{extension}" if dot else f"{path} ({n})"
    taken.add(candidate.casefold())
    return candidate


def _write(into: Path, name: str, data: bytes) -> Path:
    target = into / name
    target.write_bytes(data)
    return target


async def _gather(
    session: AsyncSession, actor: Actor, store: BlobStore, new: NewPackage, into: Path
) -> list[_Part]:
    """Each part of the archive in a temporary file of `into`, read now."""
    documents = await trust_documents.documents_for_package(session, actor, new.document_ids)
    if sum(d.size_bytes for d in documents) > MAX_DOCUMENT_BYTES:
        raise InvalidInput(
            f"The documents of a package come to {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB at "
            "most: send the rest in another.",
            "documentIds",
        )
    taken: set[str] = {"manifest.txt"}
    parts = []
    for n, document in enumerate(documents):
        source = into / f"document-{n}"
        with source.open("wb") as target:
            await store.copy_to(actor.tenant_id, document.sha256, target)
        path = _unique(f"documents/{safe_filename(document.filename)}", taken)
        of = {
            "documentId": str(document.id),
            "title": document.title,
            "documentKind": document.kind,
        }
        parts.append(_Part(path, PartKind.DOCUMENT, source, of))
    if new.include_subprocessors:
        listed = await subprocessors.subprocessors_csv(session, actor)
        source = _write(into, "subprocessors", listed.encode())
        parts.append(_Part(_unique("subprocessors.csv", taken), PartKind.SUBPROCESSORS, source, {}))
    if new.questionnaire_id is not None:
        answered = await customer_questionnaires.answered_file(
            session, actor, store, new.questionnaire_id, "questionnaireId"
        )
        source = _write(
            into, "questionnaire", await customer_questionnaires.write_answered(answered)
        )
        path = _unique(answered.answered_name, taken)
        answers = {"questionnaireId": str(new.questionnaire_id), "answers": len(answered.answers)}
        parts.append(_Part(path, PartKind.QUESTIONNAIRE, source, answers))
    return parts


def _digest(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := file.read(1024 * 1024):
        digest.update(chunk)
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    with path.open("rb") as file:
        return _digest(file)


def _manifest(header: Sequence[str], contents: Sequence[dict[str, Any]]) -> bytes:
    lines = [*header, "", "Files:"]
    for item in contents:
        lines.append(f"  {item['path']}  {item['sizeBytes']} bytes  sha256 {item['sha256']}")
    return ("\r\n".join(lines) + "\r\n").encode()


@dataclass(frozen=True)
class _Archive:
    file: IO[bytes]  # at its start
    sha256: str
    size: int
    contents: list[dict[str, Any]]


def _archive(parts: Sequence[_Part], header: Sequence[str], made: datetime) -> _Archive:
    """The zip of the parts and its manifest, and what it holds (in a worker thread)."""
    contents = [
        {
            "path": part.path,
            "kind": part.kind,
            "sizeBytes": part.source.stat().st_size,
            "sha256": _file_digest(part.source),
            **part.about,
        }
        for part in parts
    ]
    stamp = made.timetuple()[:6]
    out = spooled_file()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        manifest = zipfile.ZipInfo("MANIFEST.txt", date_time=stamp)
        archive.writestr(manifest, _manifest(header, contents), zipfile.ZIP_DEFLATED)
        for part in parts:
            info = zipfile.ZipInfo(part.path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            with part.source.open("rb") as source, archive.open(info, "w") as target:
                while chunk := source.read(1024 * 1024):
                    target.write(chunk)
    size = out.tell()
    out.seek(0)
    sha256 = _digest(out)
    out.seek(0)
    return _Archive(out, sha256, size, contents)


async def _made_by(session: AsyncSession, actor: Actor) -> str:
    if actor.membership_id is None:
        return "an API token"
    found = await members_with_users(session, actor.tenant_id, [actor.membership_id])
    member = found.get(actor.membership_id)
    return member[1].email if member else "a member"


async def create_package(
    session: AsyncSession, actor: Actor, store: BlobStore, new: NewPackage
) -> TrustPackage:
    """A trust package for one customer, made now and recorded (REVIEWER, ADMIN)."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    customer, recipient, note = _checked(new)
    made = utcnow()
    header = [
        f"Trust package for {customer} ({recipient})",
        f"Prepared by {await _made_by(session, actor)} on {made.date().isoformat()}",
    ]
    if note:
        header.append(f"Note: {' '.join(note.split())}")
    with tempfile.TemporaryDirectory(prefix="tprm-package-") as temporary:
        parts = await _gather(session, actor, store, new, Path(temporary))
        archive = await anyio.to_thread.run_sync(_archive, parts, header, made)
    with archive.file:
        await store.put(actor.tenant_id, archive.sha256, archive.file)
    package = TrustPackage(
        tenant_id=actor.tenant_id,
        customer=customer,
        recipient=recipient,
        note=note,
        questionnaire_id=new.questionnaire_id,
        contents=archive.contents,
        # the customer's name whole: a '/' in it ("AT/T") is no folder
        filename=safe_filename(
            f"Trust package for {customer.replace('/', '-').replace(chr(92), '-')} "
            f"{made.date().isoformat()}.zip"
        ),
        content_type=ZIP,
        size_bytes=archive.size,
        sha256=archive.sha256,
        created_by_id=actor.membership_id,
        created_at=made,
    )
    try:
        async with session.begin_nested():
            session.add(package)
            await session.flush()
    except IntegrityError:
        # its questionnaire removed by another request while the archive was made
        raise NotFound("Customer questionnaire", "questionnaireId") from None
    await audit.record(session, actor, "trust_package.created", package)
    return package


async def get_package(
    session: AsyncSession, actor: Actor, package_id: UUID, field: str = "id"
) -> TrustPackage:
    """One of the tenant's trust packages (every member)."""
    policy.require(actor, Permission.DILIGENCE_READ)
    return await reading.one(
        session, actor.tenant_id, TrustPackage, package_id, entity="Trust package", field=field
    )


async def list_packages(
    session: AsyncSession, actor: Actor, questionnaire_id: UUID | None, page: PageRequest
) -> Page:
    """The tenant's trust packages, newest first; of one questionnaire, when given."""
    policy.require(actor, Permission.DILIGENCE_READ)
    query, order = _packages(questionnaire_id is not None)
    values = {"tenant_id": actor.tenant_id, "questionnaire_id": questionnaire_id}
    return await paginate(session, query, order, page, values=values)


@built_once
def _packages(questionnaire: bool) -> tuple[Select[Any], tuple[SortKey, ...]]:
    """The list of packages' select for the criteria given (their values parameters:
    list_packages) and its order; built once for each form."""
    query = select(TrustPackage).where(col(TrustPackage.tenant_id) == bindparam("tenant_id"))
    if questionnaire:
        query = query.where(col(TrustPackage.questionnaire_id) == bindparam("questionnaire_id"))
    order = (
        SortKey(col(TrustPackage.created_at), descending=True),
        SortKey(col(TrustPackage.id), descending=True),
    )
    return query, order
