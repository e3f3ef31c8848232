"""Respondent links: what lets a vendor answer one questionnaire without an account.

A link's token is 256 bits: HMAC-SHA256, under the server's respondent key, of the link's
random id. The database keeps only the token's SHA-256 (looked up on each request) and the
link's id; the token itself is made again from the key when an event has to carry it to the
tenant's mailer (delivery time, see app/jobs), so neither the links table nor the outbox
ever holds it. The key is TPRM_RESPONDENT_LINK_KEY, or else the one the migrations stored
(server_secrets): set the variable in production so that the database alone cannot make a
token.

A link is good for one questionnaire, until it expires or is revoked (a new link revokes the
old ones, and completing or cancelling the questionnaire revokes them all), at most a set
number of requests a minute (tprm_respondent counts them).
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import and_, func, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from domain.questionnaires.models import RespondentLink
from domain.shared import server_secrets
from domain.shared.models import utcnow

TOKEN_PREFIX = "tprq_"
# Separates respondent tokens from anything else the same key might ever make.
_CONTEXT = b"tprm.respondent-link.v1:"
DEFAULT_LIFETIME = timedelta(days=60)


def token_for(key: bytes, link_id: UUID) -> str:
    """The link's token: the same for the same key and link, never stored."""
    mac = hmac.new(key, _CONTEXT + link_id.bytes, hashlib.sha256).digest()
    return TOKEN_PREFIX + base64.urlsafe_b64encode(mac).decode().rstrip("=")


def digest(token: str) -> str:
    """What the database keeps of a token: its SHA-256 (256 bits of entropy need no salt)."""
    return hashlib.sha256(token.encode()).hexdigest()


async def stored_key(session: AsyncSession) -> bytes:
    """The respondent key the migrations made, shared by every process."""
    return await server_secrets.stored(session, "respondent_links")


async def key_of(session: AsyncSession, configured: str | None) -> bytes:
    """The key in force: TPRM_RESPONDENT_LINK_KEY when set, else the stored one."""
    return configured.encode() if configured else await stored_key(session)


def live() -> ColumnElement[bool]:
    """Whether a link works now: not revoked, not expired."""
    return and_(
        col(RespondentLink.revoked_at).is_(None), col(RespondentLink.expires_at) > func.now()
    )


@dataclass(frozen=True)
class Issued:
    link: RespondentLink
    token: str


async def issue(
    session: AsyncSession,
    key: bytes,
    tenant_id: UUID,
    questionnaire_id: UUID,
    expires_at: datetime,
) -> Issued:
    """A new link to the questionnaire; every earlier one stops working."""
    await revoke_all(session, tenant_id, questionnaire_id)
    link_id = uuid4()
    token = token_for(key, link_id)
    link = RespondentLink(
        tenant_id=tenant_id,
        id=link_id,
        questionnaire_id=questionnaire_id,
        token_hash=digest(token),
        expires_at=expires_at,
    )
    session.add(link)
    await session.flush()
    return Issued(link, token)


async def revoke_all(session: AsyncSession, tenant_id: UUID, questionnaire_id: UUID) -> int:
    """Stop every live link of the questionnaire; how many there were."""
    result = await session.execute(
        update(RespondentLink)
        .where(
            col(RespondentLink.tenant_id) == tenant_id,
            col(RespondentLink.questionnaire_id) == questionnaire_id,
            col(RespondentLink.revoked_at).is_(None),
        )
        .values(revoked_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class Admission:
    """Whom a token admits: one questionnaire of one tenant, through one link."""

    tenant_id: UUID
    questionnaire_id: UUID
    link_id: UUID
    allowed: bool  # False: over the link's requests per minute


async def admit(session: AsyncSession, token: str, per_minute: int) -> Admission | None:
    """The live link a token belongs to, its request counted; None for any other token (a
    forged, expired or revoked one looks the same). Run in a transaction of its own, so the
    count commits at once and the link's row is not held for the request."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    row = (
        await session.execute(
            text("SELECT * FROM tprm_respondent(:hash, :limit)"),
            {"hash": digest(token), "limit": per_minute},
        )
    ).first()
    if row is None:
        return None
    return Admission(row.tenant_id, row.questionnaire_id, row.link_id, row.allowed)


async def hold(session: AsyncSession, link_id: UUID) -> bool:
    """Take the link's turn for the rest of the transaction; False while another transaction
    has it (it does not wait: a link's requests run one at a time, never queue)."""
    taken = await session.scalar(
        text("SELECT pg_try_advisory_xact_lock(hashtextextended('respondent:' || :link, 0))"),
        {"link": str(link_id)},
    )
    return bool(taken)
