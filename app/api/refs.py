"""Other areas' node types, named lazily: an area's type can return another area's type
without importing its module (API areas do not import each other; see pyproject.toml).
Resolvers build the node with `app.api.nodes.node`, which finds the type by its table."""

from typing import TYPE_CHECKING, Annotated

import strawberry

if TYPE_CHECKING:
    from app.api.documents.types import Document
    from app.api.findings.types import Finding
    from app.api.soc2.types import SocReport
    from app.api.tenancy.types import Member, User
    from app.api.vendors.types import Vendor

DocumentRef = Annotated["Document", strawberry.lazy("app.api.documents.types")]
FindingRef = Annotated["Finding", strawberry.lazy("app.api.findings.types")]
MemberRef = Annotated["Member", strawberry.lazy("app.api.tenancy.types")]
SocReportRef = Annotated["SocReport", strawberry.lazy("app.api.soc2.types")]
UserRef = Annotated["User", strawberry.lazy("app.api.tenancy.types")]
VendorRef = Annotated["Vendor", strawberry.lazy("app.api.vendors.types")]

__all__ = ["DocumentRef", "FindingRef", "MemberRef", "SocReportRef", "UserRef", "VendorRef"]
