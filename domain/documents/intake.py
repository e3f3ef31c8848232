"""An upload on its way in: counted, hashed and checked while it streams, before it is kept."""

import codecs
import hashlib
import re
import unicodedata
from collections.abc import AsyncIterable
from dataclasses import dataclass
from typing import IO

from domain.documents.models import DocumentKind
from domain.documents.storage import spooled_file
from domain.shared.errors import DomainError, InvalidInput


class FileTooLarge(DomainError):
    code = "TOO_LARGE"

    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"The file is over the {_megabytes(max_bytes)} limit.", "file")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB" if size >= 1024 * 1024 else f"{size} bytes"


@dataclass(frozen=True)
class ReceivedFile:
    """The upload's bytes in a temporary file, with what we measured of them."""

    file: IO[bytes]
    size: int
    sha256: str
    content_type: str  # what the bytes are, sniffed: the client's claim is not trusted
    filename: str  # safe to show and to put in a Content-Disposition header


async def receive(
    chunks: AsyncIterable[bytes], filename: str | None, max_bytes: int
) -> ReceivedFile:
    """Spool the stream, refusing it as soon as it passes `max_bytes`."""
    digest = hashlib.sha256()
    size = 0
    file = spooled_file()
    try:
        async for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                raise FileTooLarge(max_bytes)
            digest.update(chunk)
            file.write(chunk)
        if size == 0:
            raise InvalidInput("The file is empty.", "file")
        file.seek(0)
        head = file.read(64 * 1024)
        file.seek(0)
        name = safe_filename(filename)
        content_type = sniff(head, name)
        name = with_extension_of(name, content_type)
    except BaseException:
        file.close()
        raise
    return ReceivedFile(file, size, digest.hexdigest(), content_type, name)


# --- what the bytes are -----------------------------------------------------------------

_OOXML = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_TEXT = {".csv": "text/csv", ".md": "text/markdown"}
PDF = "application/pdf"


def _extension(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot > 0 else ""


def sniff(head: bytes, filename: str) -> str:
    """The content type the first bytes show; INVALID for anything we do not keep."""
    extension = _extension(filename)
    # PDF readers accept a header anywhere in the first 1024 bytes; so do we.
    if b"%PDF-" in head[:1024]:
        return PDF
    if extension == ".pdf":
        raise InvalidInput("The file is named .pdf but is not a PDF.", "file")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04") and extension in _OOXML:
        return _OOXML[extension]
    if b"\x00" not in head:
        try:
            # Incremental: a character cut at the end of the sample is not an error.
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        except UnicodeDecodeError:
            pass
        else:
            return _TEXT.get(extension, "text/plain")
    raise InvalidInput(
        "Unsupported file type: send a PDF, PNG, JPEG, Word, Excel, PowerPoint or text file.",
        "file",
    )


def check_kind(kind: DocumentKind, content_type: str) -> None:
    """Documents the SOC parser reads must be PDFs."""
    if kind.is_parsed and content_type != PDF:
        raise InvalidInput(f"A {kind.value.replace('_', ' ').lower()} must be a PDF.", "file")


# --- file names ------------------------------------------------------------------------

# The extensions a download may carry for what its bytes are; anything else gets the first
# appended, so that text named "page.html" or "setup.exe" is saved as "page.html.txt".
_EXTENSIONS = {
    PDF: (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/csv": (".csv",),
    "text/markdown": (".md",),
    "text/plain": (".txt",),
    **{content_type: (extension,) for extension, content_type in _OOXML.items()},
}


def with_extension_of(filename: str, content_type: str) -> str:
    """The name, ending in an extension that says what the bytes are."""
    allowed = _EXTENSIONS.get(content_type)
    if not allowed or _extension(filename) in allowed:
        return filename
    return filename + allowed[0]


_UNSAFE = re.compile(r"[^\w.()+\- ]+", re.UNICODE)
_MAX_NAME = 200


def safe_filename(name: str | None) -> str:
    """A display name from whatever the client sent: no directories, controls or quotes."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]  # a path's last part only
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" ._")
    if len(name) > _MAX_NAME:
        extension = _extension(name)[:16]
        name = name[: _MAX_NAME - len(extension)] + extension
    return name or "document"
