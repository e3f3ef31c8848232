"""Imports every area's tables so SQLModel.metadata knows them (alembic, tests)."""

from domain.audit.models import AuditEvent
from domain.documents.models import Document
from domain.findings.models import Finding, RemediationAction
from domain.soc2.models import (
    SocCsoc,
    SocCuec,
    SocException,
    SocReport,
    SocReportCorrection,
    SocSubserviceOrganization,
)
from domain.tenancy.models import ApiToken, Membership, Tenant, User
from domain.vendors.models import (
    FourthParty,
    OnboardingRequest,
    OnboardingRequirement,
    Vendor,
    VendorContact,
    VendorImport,
    VendorImportRow,
    VendorStatusChange,
)

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Document",
    "Finding",
    "FourthParty",
    "Membership",
    "OnboardingRequest",
    "OnboardingRequirement",
    "RemediationAction",
    "SocCsoc",
    "SocCuec",
    "SocException",
    "SocReport",
    "SocReportCorrection",
    "SocSubserviceOrganization",
    "Tenant",
    "User",
    "Vendor",
    "VendorContact",
    "VendorImport",
    "VendorImportRow",
    "VendorStatusChange",
]
