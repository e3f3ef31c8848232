"""Document links: a URL a browser can open (an <iframe>, an <a href>) without the bearer
token, short-lived and good for one document of one tenant, for the member it was issued to.

A link carries the tenant, the document, the member, the API token it was issued with and
how to show the file, signed with the server's key (itsdangerous: HMAC-SHA256 over the
payload and the time it was issued). Nothing is stored per link; each is checked on use:
signature, age, that its member may still read documents, and that the token it was
issued with still works (a member removed and added again gets none of their old tokens
back, and so none of their old links).
"""

import enum
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared import server_secrets

# Separates document links from anything else the same key might ever sign.
_SALT = "tprm.document-link.v1"


class Disposition(enum.StrEnum):
    """How a browser shows the file: in the page (a PDF viewer) or saved as a download."""

    INLINE = "INLINE"
    ATTACHMENT = "ATTACHMENT"


@dataclass(frozen=True)
class DocumentLink:
    tenant_id: UUID
    document_id: UUID
    membership_id: UUID
    token_id: UUID
    disposition: Disposition


async def stored_key(session: AsyncSession) -> bytes:
    """The signing key the migrations made (server_secrets), shared by every process."""
    return await server_secrets.stored(session, "document_links")


class LinkSigner:
    """Issues and reads document links with one key and one lifetime."""

    def __init__(self, key: bytes, lifetime: timedelta) -> None:
        self._serializer = URLSafeTimedSerializer(key, salt=_SALT)
        self.key = key
        self.lifetime = lifetime

    def issue(self, link: DocumentLink) -> tuple[str, datetime]:
        """The link's token and when it stops working."""
        token = self._serializer.dumps(
            [
                str(link.tenant_id),
                str(link.document_id),
                str(link.membership_id),
                str(link.token_id),
                link.disposition,
            ]
        )
        return token, datetime.now(UTC) + self.lifetime

    def read(self, token: str) -> DocumentLink | None:
        """The link a token stands for; None when forged, altered, expired or malformed."""
        try:
            tenant, document, member, api_token, disposition = self._serializer.loads(
                token, max_age=int(self.lifetime.total_seconds())
            )
            return DocumentLink(
                UUID(tenant),
                UUID(document),
                UUID(member),
                UUID(api_token),
                Disposition(disposition),
            )
        except (BadSignature, SignatureExpired, ValueError, TypeError):
            return None
