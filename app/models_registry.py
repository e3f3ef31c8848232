"""Imports every area's tables so SQLModel.metadata knows them (alembic, tests)."""

from domain.audit.models import AuditEvent
from domain.tenancy.models import ApiToken, Membership, Tenant, User

__all__ = ["ApiToken", "AuditEvent", "Membership", "Tenant", "User"]
