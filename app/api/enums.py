"""Every domain enum the API shows, registered here once with its GraphQL name and description.

The API uses the domain's own enums (one definition per concept: the parser's output
mapping, the rules, the columns' checks and the schema all read the same class), so a
type annotates `tier: Tier` with the very class the domain stores. Importing a name from
here is what registers it.
"""

import strawberry

from domain.compliance.coverage import CoverageState
from domain.compliance.exception_domains import ExceptionDomain
from domain.compliance.models import ControlStatus, EvidencePackStatus
from domain.diligence.models import CustomerAnswerStatus, SuggestionSource, TrustDocumentKind
from domain.diligence.sheets import ColumnRole as SheetColumnRole
from domain.diligence.sheets import FileFormat as SheetFormat
from domain.diligence.subprocessors import SocStanding
from domain.diligence.trust_packages import PartKind as TrustPackagePartKind
from domain.documents.links import Disposition as LinkDisposition
from domain.documents.models import DocumentKind, ParseStatus
from domain.events.models import DeliveryStatus, EventType
from domain.findings.models import (
    ActionStatus,
    ControlGrade,
    FindingStatus,
    FollowUpKind,
    FollowUpStatus,
    RootCause,
)
from domain.findings.rules import FindingKind, Severity
from domain.questionnaires.definition import ControlDomain, QuestionType
from domain.questionnaires.gap import Decision as GapDecision
from domain.questionnaires.models import AnswerReview, AnswerSource, Author, QuestionnaireStatus
from domain.questionnaires.sent import Delivery as QuestionnaireDelivery
from domain.reviews.models import (
    ChecklistKind,
    ChecklistStatus,
    ConditionStatus,
    OffboardingKind,
    OffboardingStatus,
    ReviewDecision,
    ReviewStatus,
)
from domain.risks.models import RiskCategory, RiskStatus, RiskTreatment
from domain.risks.scoring import RiskBand
from domain.shared.risk import Tier, TierFloor
from domain.shared.roles import Role
from domain.soc2.comparison import Recurrence
from domain.soc2.models import ItemOrigin
from domain.soc2.models import ReportField as SocReportField
from domain.vendors.models import (
    ContactRole,
    ImportOutcome,
    OnboardingStatus,
    RequirementKind,
    RequirementStatus,
    VendorCategory,
    VendorStatus,
)
from domain.vendors.models import ImportStatus as VendorImportStatus
from domain.vendors.tiering import AccessLevel, Criticality, DataCategory, TierFactor
from parsers.soc2.result import Category as TrustServicesCategory
from parsers.soc2.result import Kind as SocReportKind
from parsers.soc2.result import Opinion as SocOpinion
from parsers.soc2.result import ReportType as SocReportType
from parsers.soc2.result import SubserviceMethod

_DESCRIBED = (
    # risk and people
    (Tier, None, "Inherent risk tier, most scrutiny first."),
    (TierFloor, None, "The lowest tier a rule applies to; NEVER turns it off."),
    (Role, None, "What a member may do in a tenant."),
    # vendors
    (VendorStatus, None, "Where a vendor is in its lifecycle."),
    (VendorCategory, None, "What kind of vendor."),
    (ContactRole, None, "A vendor contact's role."),
    (OnboardingStatus, None, "An onboarding's state."),
    (RequirementKind, None, "A checklist item."),
    (RequirementStatus, None, "A checklist item's state."),
    (DataCategory, None, "Data a vendor handles."),
    (AccessLevel, None, "A vendor's access to our systems."),
    (Criticality, None, "How much the business relies on it."),
    (TierFactor, None, "The part of a vendor's data-access profile a tier reason is about."),
    (ImportOutcome, None, "What happened to one row."),
    (
        VendorImportStatus,
        "VendorImportStatus",
        "Where a background import is: QUEUED, RUNNING, then SUCCEEDED or FAILED.",
    ),
    # documents and SOC reports
    (DocumentKind, None, "What a document is."),
    (
        LinkDisposition,
        "DocumentLinkDisposition",
        "How a browser shows a linked document: INLINE in the page (PDFs, images and text; "
        "other types are always downloaded) or ATTACHMENT, saved as a file.",
    ),
    (ParseStatus, None, "Where a document's reading stands; poll until settled."),
    (SocReportKind, "SocReportKind", "What the parser found the document to be."),
    (SocReportType, "SocReportType", "Type I (a date) or II (a period)."),
    (SocOpinion, "SocOpinion", "The auditor's opinion."),
    (TrustServicesCategory, "TrustServicesCategory", "A trust services category."),
    (SubserviceMethod, "SubserviceMethod", "How a report presents a subservice organization."),
    (SocReportField, "SocReportField", "A field of a report a reviewer may correct."),
    (ItemOrigin, None, "Who put an item on the report."),
    (Recurrence, None, "Whether an exception was in the vendor's previous report too."),
    # reviews
    (ReviewStatus, None, "Where a periodic vendor review stands."),
    (ReviewDecision, None, "What a review decided about the vendor."),
    (ConditionStatus, "ReviewConditionStatus", "Where a review's condition stands."),
    (ChecklistKind, "ReviewChecklistKind", "What a periodic review checks."),
    (OffboardingKind, None, "What ending a vendor relationship takes."),
    (OffboardingStatus, None, "Where an offboarding step stands."),
    (ChecklistStatus, "ReviewChecklistStatus", "Whether a review checked an item."),
    # questionnaires
    (QuestionType, "QuestionType", "How a question is answered."),
    (ControlDomain, "ControlDomain", "The area of security practice a question is about."),
    (
        GapDecision,
        "GapDecision",
        "What the vendor's SOC report does to a question: COVERED (pre-answered), FLAGGED "
        "(an exception on its criteria: sent, with the exception quoted) or SEND.",
    ),
    (QuestionnaireStatus, None, "Where a sent questionnaire stands."),
    (
        AnswerSource,
        None,
        "Where an answer came from: the vendor, the vendor's SOC report (the gap "
        "questionnaire), or the vendor's last answer to the same question, CARRIED_OVER until "
        "the vendor confirms it.",
    ),
    (AnswerReview, None, "The reviewer's verdict on an answer."),
    (Author, "MessageAuthor", "Who wrote in a question's thread."),
    (
        QuestionnaireDelivery,
        None,
        "Whether the vendor got its link: the delivery of the last event that carried it to "
        "the tenant's webhook endpoints, and whether the link still works.",
    ),
    # own scope and controls
    (
        ControlStatus,
        None,
        "How far one of the tenant's own controls has come: DESIGNED (written down), "
        "IMPLEMENTED (in place), OPERATING (shown to work over time).",
    ),
    (
        CoverageState,
        "CuecCoverageState",
        "What the tenant does about a CUEC: MAPPED to its own controls, NOT_APPLICABLE (with "
        "why), or a GAP.",
    ),
    (
        EvidencePackStatus,
        None,
        "Where an evidence pack stands: QUEUED for a worker, READY to download, or FAILED "
        "(its `error` says why).",
    ),
    (
        ExceptionDomain,
        None,
        "The control domain of an exception in a vendor's report (ACCESS: provisioning and "
        "removal), by tprm's documented rules or a reviewer's word.",
    ),
    # the risk register
    (RiskCategory, None, "What kind of harm a risk is of."),
    (
        RiskTreatment,
        None,
        "What the tenant does about a risk: MITIGATE (by controls), ACCEPT (approved, "
        "until an expiry), TRANSFER (insurance, contract), AVOID (stop the activity).",
    ),
    (
        RiskStatus,
        None,
        "Where a risk stands: DRAFT (proposed, not taken on), OPEN (in the register), CLOSED.",
    ),
    (
        RiskBand,
        None,
        "A heat-map band of a risk score (likelihood x impact), cut by the tenant's settings.",
    ),
    # what customers ask of the tenant
    (
        SocStanding,
        None,
        "A subprocessor's SOC standing: CURRENT, STALE (its current report ended longer ago "
        "than staleReportMonths, or no end was read) or NONE read.",
    ),
    (
        CustomerAnswerStatus,
        None,
        "Where the answer to a customer's question stands: UNANSWERED; SUGGESTED by tprm "
        "and not yet looked at; ACCEPTED as suggested by a member; EDITED, written or changed "
        "by a member.",
    ),
    (
        SuggestionSource,
        None,
        "Where a suggested answer comes from: the answer LIBRARY, one of the tenant's own "
        "CONTROLs, the SUBPROCESSORS list, a SOC REPORT the tenant holds, or the customer's "
        "FILE itself.",
    ),
    (TrustPackagePartKind, None, "What a file of a trust package is."),
    (SheetFormat, None, "A customer's file: XLSX, or CSV (also tab-separated .tsv, .txt)."),
    (
        SheetColumnRole,
        None,
        "What tprm takes a column of a customer's sheet for.",
    ),
    (
        TrustDocumentKind,
        None,
        "What a document the tenant shares with its customers is: its SOC report, a policy, "
        "a certificate (ISO 27001 ...), a pen-test summary, or OTHER.",
    ),
    # webhooks
    (EventType, "WebhookEventType", "What an event sent to webhook endpoints is about."),
    (DeliveryStatus, "WebhookDeliveryStatus", "Where a webhook delivery stands."),
    # findings
    (FindingKind, None, "What kind of gap a finding is."),
    (Severity, None, "How urgent a finding is."),
    (FindingStatus, None, "Where a finding stands."),
    (ActionStatus, None, "Where a remediation step stands."),
    (RootCause, "FindingRootCause", "Why the gap exists, as remediation is planned."),
    (
        ControlGrade,
        None,
        "How grave a vendor's control failure is, as auditors grade it, least first.",
    ),
    (
        FollowUpKind,
        "FindingFollowUpKind",
        "What the vendor is to send that will show a finding fixed.",
    ),
    (FollowUpStatus, "FindingFollowUpStatus", "Where a finding's follow-up stands."),
)
for _enum, _name, _description in _DESCRIBED:
    strawberry.enum(_enum, name=_name, description=_description)

__all__ = [
    "AccessLevel",
    "ActionStatus",
    "AnswerReview",
    "AnswerSource",
    "Author",
    "ChecklistKind",
    "ChecklistStatus",
    "ConditionStatus",
    "ContactRole",
    "ControlDomain",
    "ControlGrade",
    "ControlStatus",
    "CoverageState",
    "Criticality",
    "CustomerAnswerStatus",
    "DataCategory",
    "DeliveryStatus",
    "DocumentKind",
    "EventType",
    "EvidencePackStatus",
    "ExceptionDomain",
    "FindingKind",
    "FindingStatus",
    "FollowUpKind",
    "FollowUpStatus",
    "GapDecision",
    "ImportOutcome",
    "ItemOrigin",
    "LinkDisposition",
    "OffboardingKind",
    "OffboardingStatus",
    "OnboardingStatus",
    "ParseStatus",
    "QuestionType",
    "QuestionnaireDelivery",
    "QuestionnaireStatus",
    "Recurrence",
    "RequirementKind",
    "RequirementStatus",
    "ReviewDecision",
    "ReviewStatus",
    "RiskBand",
    "RiskCategory",
    "RiskStatus",
    "RiskTreatment",
    "Role",
    "RootCause",
    "Severity",
    "SheetColumnRole",
    "SheetFormat",
    "SocOpinion",
    "SocReportField",
    "SocReportKind",
    "SocReportType",
    "SocStanding",
    "SubserviceMethod",
    "SuggestionSource",
    "Tier",
    "TierFactor",
    "TierFloor",
    "TrustDocumentKind",
    "TrustPackagePartKind",
    "TrustServicesCategory",
    "VendorCategory",
    "VendorImportStatus",
    "VendorStatus",
]
