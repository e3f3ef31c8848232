"""Where document bytes live: an object store keyed by tenant and SHA-256.

One library (obstore) speaks to a local directory and to S3-compatible storage, so
the code path is the same in development, tests and production. Keys are built
here from a tenant id and a hex digest only: nothing a client sends ever becomes
part of a path.
"""

import hashlib
import re
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO
from uuid import UUID

import obstore
from obstore.exceptions import AlreadyExistsError, NotFoundError
from obstore.store import LocalStore, ObjectStore, from_url

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
CHUNK_BYTES = 1024 * 1024


def blob_key(tenant_id: UUID, sha256: str) -> str:
    """The object key of a tenant's blob; the same bytes in one tenant share one key."""
    if not _SHA256.match(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return f"tenants/{tenant_id}/sha256/{sha256[:2]}/{sha256}"


class BlobStore:
    """Content-addressed blobs of each tenant in one object store."""

    def __init__(self, store: ObjectStore) -> None:
        self._store = store

    @classmethod
    def from_url(cls, url: str | None, data_dir: Path) -> "BlobStore":
        """`s3://bucket/prefix` or `file:///dir`; None keeps blobs under data_dir/objects."""
        if not url:
            root = (data_dir / "objects").resolve()
            root.mkdir(parents=True, exist_ok=True)
            return cls(LocalStore(root))
        if url.startswith("file://"):
            Path(url.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
        return cls(from_url(url))

    async def put(self, tenant_id: UUID, sha256: str, file: IO[bytes]) -> bool:
        """Store the file's bytes under their digest; False if they were already there."""
        file.seek(0)
        try:
            await obstore.put_async(self._store, blob_key(tenant_id, sha256), file, mode="create")
        except AlreadyExistsError:
            return False
        return True

    async def exists(self, tenant_id: UUID, sha256: str) -> bool:
        try:
            await obstore.head_async(self._store, blob_key(tenant_id, sha256))
        except (FileNotFoundError, NotFoundError):
            return False
        return True

    async def chunks(
        self, tenant_id: UUID, sha256: str, byte_range: tuple[int, int] | None = None
    ) -> AsyncIterator[bytes]:
        """The blob's bytes, a chunk at a time (for downloads); `byte_range` (start, end
        exclusive, within the blob) for part of them."""
        options = {"range": byte_range} if byte_range else None
        result = await obstore.get_async(
            self._store,
            blob_key(tenant_id, sha256),
            options=options,  # type: ignore[arg-type]
        )
        async for chunk in result.stream(min_chunk_size=CHUNK_BYTES):
            yield bytes(chunk)

    async def copy_to(self, tenant_id: UUID, sha256: str, target: IO[bytes]) -> None:
        """Write the blob into `target`, checking that the bytes still have their digest."""
        digest = hashlib.sha256()
        async for chunk in self.chunks(tenant_id, sha256):
            digest.update(chunk)
            target.write(chunk)
        target.flush()
        if digest.hexdigest() != sha256:
            raise ValueError(f"stored blob {sha256[:12]}... does not match its digest")


def spooled_file() -> IO[bytes]:
    """A temporary file for an upload in transit: in memory while small, then on disk."""
    return tempfile.SpooledTemporaryFile(max_size=CHUNK_BYTES, mode="w+b")
