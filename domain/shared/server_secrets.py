"""Keys the migrations made (`server_secrets`), one per use, shared by every process: what
signs document links, what makes respondent tokens. A configured key (an environment
variable) stands in for a stored one where the settings give one."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def stored(session: AsyncSession, name: str) -> bytes:
    """The stored key `name`; RuntimeError while the migrations have not made it."""
    key = await session.scalar(
        text("SELECT secret FROM server_secrets WHERE name = :name"), {"name": name}
    )
    if not key:
        raise RuntimeError(f"no {name} key: run `tprm db upgrade`")
    return bytes(key)
