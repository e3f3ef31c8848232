"""Other areas' types (nodes, and the inputs that list them), named lazily: an area's type can return another area's type
without importing its module (API areas do not import each other; see pyproject.toml).
Resolvers build the node with `app.api.nodes.node`, which finds the type by its table."""

from typing import TYPE_CHECKING, Annotated

import strawberry

if TYPE_CHECKING:
    from app.api.compliance.types import Control
    from app.api.documents.inputs import DocumentFilter
    from app.api.documents.types import Document
    from app.api.findings.inputs import FindingFilter, FindingOrder
    from app.api.findings.types import Finding, FindingFollowUp
    from app.api.questionnaires.sent_types import Questionnaire
    from app.api.reviews.types import OffboardingItem, Review
    from app.api.risks.types import Risk
    from app.api.soc2.types import Csoc, Cuec, SocException, SocReport, SubserviceOrganization
    from app.api.tenancy.types import Member, User
    from app.api.vendors.types import Vendor

ControlRef = Annotated["Control", strawberry.lazy("app.api.compliance.types")]
CsocRef = Annotated["Csoc", strawberry.lazy("app.api.soc2.types")]
CuecRef = Annotated["Cuec", strawberry.lazy("app.api.soc2.types")]
DocumentRef = Annotated["Document", strawberry.lazy("app.api.documents.types")]
DocumentFilterRef = Annotated["DocumentFilter", strawberry.lazy("app.api.documents.inputs")]
FindingRef = Annotated["Finding", strawberry.lazy("app.api.findings.types")]
FindingFollowUpRef = Annotated["FindingFollowUp", strawberry.lazy("app.api.findings.types")]
FindingFilterRef = Annotated["FindingFilter", strawberry.lazy("app.api.findings.inputs")]
FindingOrderRef = Annotated["FindingOrder", strawberry.lazy("app.api.findings.inputs")]
MemberRef = Annotated["Member", strawberry.lazy("app.api.tenancy.types")]
OffboardingItemRef = Annotated["OffboardingItem", strawberry.lazy("app.api.reviews.types")]
QuestionnaireRef = Annotated["Questionnaire", strawberry.lazy("app.api.questionnaires.sent_types")]
ReviewRef = Annotated["Review", strawberry.lazy("app.api.reviews.types")]
RiskRef = Annotated["Risk", strawberry.lazy("app.api.risks.types")]
SocExceptionRef = Annotated["SocException", strawberry.lazy("app.api.soc2.types")]
SocReportRef = Annotated["SocReport", strawberry.lazy("app.api.soc2.types")]
SubserviceOrganizationRef = Annotated[
    "SubserviceOrganization", strawberry.lazy("app.api.soc2.types")
]
UserRef = Annotated["User", strawberry.lazy("app.api.tenancy.types")]
VendorRef = Annotated["Vendor", strawberry.lazy("app.api.vendors.types")]

__all__ = [
    "ControlRef",
    "CsocRef",
    "CuecRef",
    "DocumentFilterRef",
    "DocumentRef",
    "FindingFilterRef",
    "FindingFollowUpRef",
    "FindingOrderRef",
    "FindingRef",
    "MemberRef",
    "OffboardingItemRef",
    "QuestionnaireRef",
    "ReviewRef",
    "RiskRef",
    "SocExceptionRef",
    "SocReportRef",
    "SubserviceOrganizationRef",
    "UserRef",
    "VendorRef",
]
