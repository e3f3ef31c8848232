"""Imports every area's tables so SQLModel.metadata knows them (alembic, tests)."""

from domain.audit.models import AuditEvent
from domain.tenancy.models import ApiToken, Membership, Tenant, User
from domain.vendors.models import (
    FourthParty,
    OnboardingRequest,
    OnboardingRequirement,
    Vendor,
    VendorContact,
    VendorStatusChange,
)

__all__ = [
    "ApiToken",
    "AuditEvent",
    "FourthParty",
    "Membership",
    "OnboardingRequest",
    "OnboardingRequirement",
    "Tenant",
    "User",
    "Vendor",
    "VendorContact",
    "VendorStatusChange",
]
