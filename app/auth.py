"""Bearer tokens -> Principal: who is calling, in which tenant, with which role."""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared.roles import Role
from domain.shared.session import TENANT_SETTING
from domain.tenancy import tokens

# Longer than any token we issue; anything past it is not ours and not worth hashing.
MAX_TOKEN_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Principal:
    tenant_id: UUID
    user_id: UUID
    membership_id: UUID
    role: Role
    token_id: UUID
    delegated: bool  # the token was made for this member by someone else


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value or len(value) > MAX_TOKEN_LENGTH:
        return None
    return value


# Authenticating also scopes the transaction to the token's tenant, in the same
# statement: every request does both, so each saves a round trip.
AUTHENTICATE = text(
    "SELECT a.*, set_config(:setting, a.tenant_id::text, true) AS scoped "
    "FROM tprm_authenticate(:hash) a"
)


async def authenticate(session: AsyncSession, authorization: str | None) -> Principal | None:
    """The principal of a valid, unrevoked, unexpired token, with the transaction scoped
    to its tenant; None for anything else (and the transaction sees no tenant's rows)."""
    secret = bearer_token(authorization)
    if secret is None:
        return None
    row = (
        await session.execute(
            AUTHENTICATE, {"hash": tokens.digest(secret), "setting": TENANT_SETTING}
        )
    ).first()
    if row is None:
        return None
    return Principal(
        tenant_id=row.tenant_id,
        user_id=row.user_id,
        membership_id=row.membership_id,
        role=Role(row.role),
        token_id=row.token_id,
        delegated=row.delegated,
    )
