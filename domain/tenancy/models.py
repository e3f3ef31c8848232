"""Tenants, users, memberships and API tokens."""

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKeyConstraint,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from domain.shared.models import (
    NOT_AUDITED,
    created_at_field,
    enum_check,
    id_field,
    tenant_id_field,
    updated_at_field,
)
from domain.shared.roles import Role


class Tenant(SQLModel, table=True):
    __tablename__ = "tenants"

    id: UUID = id_field()
    name: str = Field(sa_column=Column(String(200), nullable=False))
    settings: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONB, nullable=False, server_default="{}")
    )
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class User(SQLModel, table=True):
    """A person; global, since one person may belong to several tenants."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("email = lower(email)", name="users_email_lowercase"),)

    id: UUID = id_field()
    email: str = Field(sa_column=Column(String(320), nullable=False, unique=True))
    created_at: datetime = created_at_field()


class Membership(SQLModel, table=True):
    """A user's place in one tenant, with one role."""

    __tablename__ = "memberships"
    __audit_entity__ = "Member"  # its name in the API and the audit trail
    __table_args__ = (
        UniqueConstraint("tenant_id", "user_id", name="memberships_tenant_user_key"),
        enum_check("role", Role, "memberships_role_check"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    user_id: UUID = Field(foreign_key="users.id", index=True)
    # Each tenant names its members itself: nothing one tenant writes about a person
    # is shown to another.
    display_name: str = Field(sa_column=Column(String(200), nullable=False))
    role: Role = Field(sa_column=Column(String(20), nullable=False))
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
    # a removed member is kept, so that their tokens stay on record as revoked
    removed_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class ApiToken(SQLModel, table=True):
    """A bearer token for one membership; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "membership_id"],
            ["memberships.tenant_id", "memberships.id"],
            ondelete="CASCADE",
        ),
        Index("api_tokens_membership_idx", "tenant_id", "membership_id"),
        Index(
            "api_tokens_created_by_token_idx",
            "tenant_id",
            "created_by_token_id",
            postgresql_where=text("created_by_token_id IS NOT NULL"),
        ),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    membership_id: UUID
    name: str = Field(sa_column=Column(String(100), nullable=False))
    token_hash: str = Field(
        sa_column=Column(String(64), nullable=False, unique=True, info=NOT_AUDITED)
    )
    display_prefix: str = Field(sa_column=Column(String(16), nullable=False))
    created_by_user_id: UUID | None = None
    # the token that made this one: revoking that revokes this (None: an operator made it)
    created_by_token_id: UUID | None = None
    created_at: datetime = created_at_field()
    expires_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    last_used_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
