"""Loads every domain area: its tables on SQLModel.metadata (alembic, tests) and its
handlers of the changes lower areas announce (domain.shared.consequences).

app.db imports this module, so every process that works on the database has every
area loaded.
"""

from domain.audit.models import AuditEvent
from domain.compliance import coverage
from domain.compliance.models import (
    Control,
    ControlEvidence,
    CuecControl,
    CuecCoverage,
    EvidencePack,
    ExceptionDomainOverride,
    OwnSubservice,
    OwnSystem,
    ReliedCsoc,
)
from domain.diligence.models import (
    AnswerEntry,
    AnswerEntryDocument,
    CustomerQuestion,
    CustomerQuestionnaire,
    TrustDocument,
    TrustPackage,
)
from domain.documents.models import Document
from domain.events.models import OutboxEvent, WebhookDelivery, WebhookEndpoint
from domain.findings import raising
from domain.findings.models import (
    Finding,
    FindingFollowUp,
    FindingStatusChange,
    RemediationAction,
)
from domain.questionnaires.models import QuestionnaireTemplate
from domain.reviews import offboarding
from domain.reviews import schedule as review_schedule
from domain.reviews.models import OffboardingItem, ReviewCadence, VendorReview
from domain.risks import proposals as risk_proposals
from domain.risks import reminders as risk_reminders
from domain.risks.models import Risk, RiskControl, RiskFinding
from domain.soc2.models import (
    SocCsoc,
    SocCuec,
    SocException,
    SocReport,
    SocReportCorrection,
    SocSubserviceOrganization,
)
from domain.tenancy.models import ApiToken, Membership, Tenant, User
from domain.vendors import service as vendor_service
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
    "AnswerEntry",
    "AnswerEntryDocument",
    "ApiToken",
    "AuditEvent",
    "Control",
    "ControlEvidence",
    "CuecControl",
    "CuecCoverage",
    "CustomerQuestion",
    "CustomerQuestionnaire",
    "Document",
    "EvidencePack",
    "ExceptionDomainOverride",
    "Finding",
    "FindingFollowUp",
    "FindingStatusChange",
    "FourthParty",
    "Membership",
    "OffboardingItem",
    "OnboardingRequest",
    "OnboardingRequirement",
    "OutboxEvent",
    "OwnSubservice",
    "OwnSystem",
    "QuestionnaireTemplate",
    "ReliedCsoc",
    "RemediationAction",
    "ReviewCadence",
    "Risk",
    "RiskControl",
    "RiskFinding",
    "SocCsoc",
    "SocCuec",
    "SocException",
    "SocReport",
    "SocReportCorrection",
    "SocSubserviceOrganization",
    "Tenant",
    "TrustDocument",
    "TrustPackage",
    "User",
    "Vendor",
    "VendorContact",
    "VendorImport",
    "VendorImportRow",
    "VendorReview",
    "VendorStatusChange",
    "WebhookDelivery",
    "WebhookEndpoint",
    "coverage",
    "offboarding",
    "raising",
    "review_schedule",
    "risk_proposals",
    "risk_reminders",
    "vendor_service",
]
