"""The append-only audit trail: the app role may insert and read, never change."""

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Column, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from domain.shared.models import created_at_field, id_field, tenant_id_field


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("audit_events_tenant_time_idx", "tenant_id", "occurred_at", "id"),
        Index("audit_events_entity_idx", "tenant_id", "entity_type", "entity_id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    occurred_at: datetime = created_at_field()
    actor_kind: str = Field(sa_column=Column(String(10), nullable=False))  # Actor.kind
    actor_user_id: UUID | None = None
    actor_token_id: UUID | None = None
    action: str = Field(sa_column=Column(String(80), nullable=False))
    entity_type: str = Field(sa_column=Column(String(60), nullable=False))
    entity_id: UUID | None = None
    changes: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONB, nullable=False, server_default="{}")
    )
    request_id: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
