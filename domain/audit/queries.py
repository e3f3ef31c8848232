"""Reads of the audit trail."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit.models import AuditEvent


async def get_event(session: AsyncSession, tenant_id: UUID, event_id: str) -> AuditEvent | None:
    try:
        key = UUID(event_id)
    except ValueError:
        return None
    return await session.get(AuditEvent, (tenant_id, key))
