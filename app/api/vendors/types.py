"""GraphQL types of the vendors area."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import strawberry
from sqlalchemy import func, select
from strawberry import relay

from app.api import json_pages
from app.api.context import Info
from app.api.enums import (
    AccessLevel,
    ContactRole,
    Criticality,
    DataCategory,
    FollowUpStatus,
    OnboardingStatus,
    RequirementKind,
    RequirementStatus,
    Tier,
    TierFactor,
    VendorCategory,
    VendorStatus,
)
from app.api.loaders import loaded
from app.api.nodes import RowNode, member_of_user, node, node_by, to_node
from app.api.pages import (
    FindingCounts,
    findings_of_vendor,
    vendor_documents_page,
    vendor_follow_ups,
    written_vendor_documents,
    written_vendor_findings,
    written_vendor_follow_ups,
)
from app.api.refs import (
    DocumentFilterRef,
    DocumentRef,
    FindingFollowUpRef,
    FindingRef,
    MemberRef,
    OffboardingItemRef,
    ReviewRef,
    RiskRef,
    SocReportRef,
)
from app.api.relay import Connection
from domain.findings import models as findings
from domain.reviews import models as reviews
from domain.reviews import queries as review_queries
from domain.risks import queries as risk_queries
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.policy import Permission
from domain.soc2 import models as soc2
from domain.soc2 import queries as soc2_queries
from domain.tenancy import models as tenancy
from domain.vendors import models, onboarding, service, tiering
from domain.vendors import queries as vendor_queries


@strawberry.type(description="What a vendor touches: the input of its inherent risk tier.")
class DataAccessProfile:
    data_categories: list[DataCategory] = strawberry.field(description="Data it handles.")
    access_level: AccessLevel = strawberry.field(description="Its access to our systems.")
    connects_to_production: bool = strawberry.field(description="Whether it reaches production.")
    business_criticality: Criticality = strawberry.field(description="How much we rely on it.")
    hosting_regions: list[str] = strawberry.field(description="Where it hosts our data.")

    @classmethod
    def from_json(cls, raw: dict) -> "DataAccessProfile":
        profile = tiering.DataAccessProfile.model_validate(raw)
        return cls(
            data_categories=list(profile.data_categories),
            access_level=profile.access_level,
            connects_to_production=profile.connects_to_production,
            business_criticality=profile.business_criticality,
            hosting_regions=list(profile.hosting_regions),
        )


@strawberry.type(description="A reviewer's tier, kept beside the computed one.")
class TierOverride:
    tier: Tier = strawberry.field(description="The tier in force.")
    justification: str = strawberry.field(description="Why the computed tier was overridden.")
    at: datetime = strawberry.field(description="When the override was set.")
    user_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The member who set it.")
    def by(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.user_id)


@strawberry.type(description="A person at the vendor.")
class VendorContact(RowNode, relay.Node, model=models.VendorContact, read=Permission.VENDOR_READ):
    contact_id: relay.NodeID[UUID]
    name: str = strawberry.field(description="Their name.")
    email: str = strawberry.field(description="Their email, lowercased.")
    role: ContactRole = strawberry.field(description="Their role for us.")
    phone: str | None = strawberry.field(description="Their phone number; null when not recorded.")

    @classmethod
    def from_row(cls, row: models.VendorContact) -> "VendorContact":
        return cls(
            contact_id=row.id,
            name=row.name,
            email=row.email,
            role=models.ContactRole(row.role),
            phone=row.phone,
        )


@strawberry.type(description="A subprocessor of the vendor (our fourth party).")
class FourthParty(RowNode, relay.Node, model=models.FourthParty, read=Permission.VENDOR_READ):
    fourth_party_id: relay.NodeID[UUID]
    name: str = strawberry.field(description="Its name, as the vendor gives it.")
    service: str | None = strawberry.field(description="What it does for the vendor.")
    linked_vendor_id: strawberry.Private[UUID | None]

    @strawberry.field(description="Our own record of this company, when we have one.")
    def linked_vendor(self, info: Info) -> "Vendor | None":
        return node(info, models.Vendor, self.linked_vendor_id)

    @classmethod
    def from_row(cls, row: models.FourthParty) -> "FourthParty":
        return cls(
            fourth_party_id=row.id,
            name=row.name,
            service=row.service,
            linked_vendor_id=row.linked_vendor_id,
        )


@strawberry.type(description="One move along a vendor's lifecycle.")
class VendorStatusChange:
    from_status: VendorStatus | None = strawberry.field(description="Before; null at creation.")
    to_status: VendorStatus = strawberry.field(description="The status it moved to.")
    reason: str | None = strawberry.field(
        description="Why, as the mover gave it (a transition's reason, an onboarding decision); null when none was given."
    )
    changed_at: datetime = strawberry.field(description="When it moved.")
    user_id: strawberry.Private[UUID | None]

    @strawberry.field(description="Who; null for the system.")
    def changed_by(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.user_id)

    @classmethod
    def from_row(cls, row: models.VendorStatusChange) -> "VendorStatusChange":
        return cls(
            from_status=models.VendorStatus(row.from_status) if row.from_status else None,
            to_status=models.VendorStatus(row.to_status),
            reason=row.reason,
            changed_at=row.changed_at,
            user_id=row.changed_by,
        )


@strawberry.type(description="One item the vendor owes before its onboarding can be approved.")
class OnboardingRequirement(
    RowNode, relay.Node, model=models.OnboardingRequirement, read=Permission.VENDOR_READ
):
    requirement_id: relay.NodeID[UUID]
    kind: RequirementKind = strawberry.field(
        description="What the vendor owes: a security review, a SOC 2 report or questionnaire, ..."
    )
    status: RequirementStatus = strawberry.field(description="Whether it is cleared.")
    note: str | None = strawberry.field(description="Evidence, or why it was waived.")
    resolved_at: datetime | None = strawberry.field(description="When it was cleared.")
    resolver_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The member who cleared it; null while PENDING.")
    def resolved_by(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.resolver_id)

    @classmethod
    def from_row(cls, row: models.OnboardingRequirement) -> "OnboardingRequirement":
        return cls(
            requirement_id=row.id,
            kind=models.RequirementKind(row.kind),
            status=models.RequirementStatus(row.status),
            note=row.note,
            resolved_at=row.resolved_at,
            resolver_id=row.resolved_by,
        )


@strawberry.type(description="What the viewer may do to an onboarding request now.")
class OnboardingRequestViewerCan:
    decide: bool = strawberry.field(
        description="approveOnboardingRequest and rejectOnboardingRequest: the request is "
        "PENDING, the role decides onboarding, the viewer did not file it, and their token "
        "is their own."
    )
    resolve_requirements: bool = strawberry.field(
        description="resolveOnboardingRequirement, on the same terms as decide."
    )

    @classmethod
    def of(
        cls, actor: Actor, status: models.OnboardingStatus, requester_id: UUID | None
    ) -> "OnboardingRequestViewerCan":
        may = (
            status == models.OnboardingStatus.PENDING
            and onboarding.may_decide(actor)
            and requester_id != actor.user_id
        )
        return cls(decide=may, resolve_requirements=may)


@strawberry.type(description="A request to onboard a vendor, with its checklist and decision.")
class OnboardingRequest(
    RowNode, relay.Node, model=models.OnboardingRequest, read=Permission.VENDOR_READ
):
    request_id: relay.NodeID[UUID]
    purpose: str = strawberry.field(description="Why we want this vendor.")
    needed_by: date | None = strawberry.field(description="When the business needs it.")
    status: OnboardingStatus = strawberry.field(description="Pending, approved or rejected.")
    tier_at_request: Tier = strawberry.field(description="The vendor's tier when filed.")
    data_access: DataAccessProfile = strawberry.field(
        description="The data-access profile as filed (the vendor's own may have changed since)."
    )
    created_at: datetime = strawberry.field(description="When it was filed.")
    decided_at: datetime | None = strawberry.field(description="When it was decided.")
    decision_reason: str | None = strawberry.field(description="The approver's note or why not.")
    requester_id: strawberry.Private[UUID]
    decider_id: strawberry.Private[UUID | None]
    vendor_id: strawberry.Private[UUID]

    @strawberry.field(description="The member who filed it.")
    def requested_by(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.requester_id)

    @strawberry.field(description="The member who approved or rejected it; null while PENDING.")
    def decided_by(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.decider_id)

    @strawberry.field(description="What the vendor owes before approval.")
    async def checklist(self, info: Info) -> list[OnboardingRequirement]:
        rows = await info.context.loaders.requirements_by_request.load(self.request_id)
        return [OnboardingRequirement.from_row(row) for row in rows]

    @strawberry.field(description="The vendor to onboard.")
    def vendor(self, info: Info) -> "Vendor | None":
        return node(info, models.Vendor, self.vendor_id)

    @strawberry.field(description="What the viewer may do to the request now.")
    def viewer_can(self, info: Info) -> OnboardingRequestViewerCan:
        return OnboardingRequestViewerCan.of(info.context.actor, self.status, self.requester_id)

    @classmethod
    def from_row(cls, row: models.OnboardingRequest) -> "OnboardingRequest":
        return cls(
            request_id=row.id,
            purpose=row.purpose,
            needed_by=row.needed_by,
            status=models.OnboardingStatus(row.status),
            tier_at_request=models.Tier(row.tier_at_request),
            data_access=DataAccessProfile.from_json(row.data_access),
            created_at=row.created_at,
            decided_at=row.decided_at,
            decision_reason=row.decision_reason,
            requester_id=row.requested_by,
            decider_id=row.decided_by,
            vendor_id=row.vendor_id,
        )


@strawberry.type(description="Points one factor of the data-access profile adds to the score.")
class TierReason:
    factor: TierFactor = strawberry.field(description="What part of the profile it is about.")
    points: int = strawberry.field(description="Points it adds to tierScore (0 or more).")
    reason: str = strawberry.field(description="Why, in words, without the points.")

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "TierReason":
        reason = tiering.TierReason.from_json(raw)
        return cls(factor=reason.factor, points=reason.points, reason=reason.reason)


@strawberry.type(
    description="What the viewer may do to a vendor now, by their role and the vendor's "
    "state: which buttons a front end shows."
)
class VendorViewerCan:
    update: bool = strawberry.field(description="updateVendor.")
    transition: bool = strawberry.field(
        description="transitionVendor: true when availableTransitions is not empty."
    )
    override_tier: bool = strawberry.field(description="overrideVendorTier.")
    upload: bool = strawberry.field(description="uploadDocument for this vendor.")
    manage_contacts: bool = strawberry.field(
        description="addVendorContact, updateVendorContact, removeVendorContact."
    )
    manage_fourth_parties: bool = strawberry.field(description="addFourthParty, removeFourthParty.")
    file_onboarding_request: bool = strawberry.field(
        description="fileOnboardingRequest: the role may, and the vendor is a PROSPECT."
    )

    @classmethod
    def of(cls, actor: Actor, status: models.VendorStatus) -> "VendorViewerCan":
        may_write = policy.allows(actor, Permission.VENDOR_WRITE)
        return cls(
            update=may_write,
            transition=bool(service.available_moves(actor, status)),
            override_tier=policy.allows(actor, Permission.TIER_OVERRIDE),
            upload=policy.allows(actor, Permission.DOCUMENT_UPLOAD),
            manage_contacts=may_write,
            manage_fourth_parties=may_write,
            file_onboarding_request=policy.allows(actor, Permission.ONBOARDING_REQUEST)
            and status == models.VendorStatus.PROSPECT,
        )


@strawberry.type(description="A company we buy from, as procurement and security both see it.")
class Vendor(RowNode, relay.Node, model=models.Vendor, read=Permission.VENDOR_READ):
    vendor_id: relay.NodeID[UUID]
    name: str = strawberry.field(description="The name the vendor trades under, as lists show it.")
    legal_name: str | None = strawberry.field(
        description="Registered legal name; null when not recorded."
    )
    domain: str = strawberry.field(description="Primary domain, normalised; unique per tenant.")
    website: str | None = strawberry.field(
        description="Website (http or https); null when not recorded."
    )
    description: str | None = strawberry.field(description="What the vendor is.")
    category: VendorCategory = strawberry.field(description="What kind of vendor.")
    services_provided: str | None = strawberry.field(description="What it does for us.")
    subprocessor: bool = strawberry.field(
        description="It stores, processes or reaches our own customers' data: a subprocessor "
        "we list to them."
    )
    department: str | None = strawberry.field(description="Our department that uses it.")
    contract_start: date | None = strawberry.field(
        description="When the contract started; null when not recorded."
    )
    contract_end: date | None = strawberry.field(
        description="When the contract ends; null when open-ended or not recorded."
    )
    annual_spend: Decimal | None = strawberry.field(description="Yearly spend, if known.")
    currency: str = strawberry.field(description="ISO 4217 currency of annualSpend.")
    tags: list[str] = strawberry.field(description="Free labels, lowercased.")
    status: VendorStatus = strawberry.field(
        description="Where it is in its lifecycle; availableTransitions says where the viewer may move it."
    )
    tier: Tier = strawberry.field(description="Tier in force: the override if any, else computed.")
    computed_tier: Tier = strawberry.field(description="Tier from the data-access profile.")
    tier_score: int = strawberry.field(description="Inherent risk score behind computedTier.")
    tier_reasons: list[TierReason] = strawberry.field(
        description="The points behind tierScore, one per factor that adds any, in the order "
        "scored; their points add up to tierScore."
    )
    tier_override: TierOverride | None = strawberry.field(
        description="A reviewer's override of the computed tier, with why and who; null while the computed tier is in force."
    )
    created_at: datetime = strawberry.field(description="When it was added.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    owner_id: strawberry.Private[UUID | None]
    # Read into DataAccessProfile only when asked for: list pages rarely are.
    data_access_json: strawberry.Private[dict]

    @strawberry.field(description="What the vendor touches.")
    def data_access(self) -> DataAccessProfile:
        return DataAccessProfile.from_json(self.data_access_json)

    @strawberry.field(description="Our member who owns the relationship.")
    def business_owner(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.owner_id)

    @strawberry.field(description="People at the vendor.")
    async def contacts(self, info: Info) -> list[VendorContact]:
        rows = await info.context.loaders.contacts_by_vendor.load(self.vendor_id)
        return [VendorContact.from_row(row) for row in rows]

    @strawberry.field(description="How many contacts it has.")
    def contacts_count(self, info: Info) -> int:
        return loaded(  # type: ignore[return-value]
            info.context.loaders.counts_by_vendor, self.vendor_id, lambda c: c.contacts
        )

    @strawberry.field(description="Its own subprocessors.")
    async def fourth_parties(self, info: Info) -> list[FourthParty]:
        rows = await info.context.loaders.fourth_parties_by_vendor.load(self.vendor_id)
        return [FourthParty.from_row(row) for row in rows]

    @strawberry.field(description="How many fourth parties it has.")
    def fourth_parties_count(self, info: Info) -> int:
        return loaded(  # type: ignore[return-value]
            info.context.loaders.counts_by_vendor, self.vendor_id, lambda c: c.fourth_parties
        )

    @strawberry.field(description="Every status change: who, when, why; oldest first.")
    async def status_history(self, info: Info) -> list[VendorStatusChange]:
        rows = await info.context.loaders.status_history_by_vendor.load(self.vendor_id)
        return [VendorStatusChange.from_row(row) for row in rows]

    @strawberry.field(description="Onboarding requests, newest first; the first is current.")
    async def onboarding_requests(self, info: Info) -> list[OnboardingRequest]:
        rows = await info.context.loaders.onboarding_by_vendor.load(self.vendor_id)
        return [OnboardingRequest.from_row(row) for row in rows]

    @strawberry.field(
        description="The latest onboarding request, whatever its status; null if the vendor "
        "never had one (recorded as already in use)."
    )
    async def current_onboarding_request(self, info: Info) -> OnboardingRequest | None:
        rows = await info.context.loaders.onboarding_by_vendor.load(self.vendor_id)
        return OnboardingRequest.from_row(rows[0]) if rows else None

    @strawberry.field(
        description="The vendor's documents, newest first, filtered like documents(filter:)."
    )
    async def documents(
        self,
        info: Info,
        filter: DocumentFilterRef | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[DocumentRef]:
        return await vendor_documents_page(info, self.vendor_id, filter, first, after, last, before)

    findings: Connection[FindingRef] = strawberry.field(
        resolver=findings_of_vendor,
        description="The vendor's findings, filtered and ordered like findings(filter:, orderBy:).",
    )

    @strawberry.field(
        description="How many findings the vendor has, by status and severity, open and "
        "overdue. FORBIDDEN for a role that may not read findings."
    )
    def finding_counts(self, info: Info) -> FindingCounts:
        policy.require(info.context.actor, Permission.FINDING_READ)
        return loaded(  # type: ignore[return-value]
            info.context.loaders.finding_counts_by_vendor, self.vendor_id, FindingCounts.of
        )

    @strawberry.field(
        description="What the vendor is to send that will show its findings fixed (their "
        "follow-ups), soonest due first; FORBIDDEN for a role that may not read findings."
    )
    async def follow_ups(
        self,
        info: Info,
        status: Annotated[
            list[FollowUpStatus] | None,
            strawberry.argument(
                description="Only follow-ups in any of these statuses ([EXPECTED]: what is "
                "still awaited); null: all."
            ),
        ] = None,
    ) -> list[FindingFollowUpRef]:
        return await vendor_follow_ups(info, self.vendor_id, status)

    @strawberry.field(
        description="The risks of the tenant's register about the vendor, or fed by its "
        "findings, the largest current score first."
    )
    async def risks(self, info: Info) -> list[RiskRef]:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, list[Any]]:
            return await risk_queries.risks_by_vendor(context.session, context.actor.tenant_id, ids)

        rows = await context.loaders.keyed("risks-by-vendor", fetch).load(self.vendor_id)
        return [n for n in (to_node(info, r) for r in rows or []) if n is not None]

    @strawberry.field(
        description="The vendor's current SOC report: of its read SOC 1, 2 or 3 reports, the "
        "one whose period ends (or as-of date falls) latest. Null when none has been read; "
        "the one the stale-report and bridge-letter findings are about."
    )
    def latest_soc_report(self, info: Info) -> SocReportRef | None:
        return node_by(info, info.context.loaders.latest_report_by_vendor, self.vendor_id)

    @strawberry.field(
        description="What ending the relationship takes, asked for once the vendor starts "
        "OFFBOARDING (empty before); TERMINATED needs each step DONE or WAIVED."
    )
    async def offboarding_checklist(self, info: Info) -> list[OffboardingItemRef]:
        rows = await info.context.loaders.offboarding_by_vendor.load(self.vendor_id)
        return [to_node(info, row) for row in rows]

    @strawberry.field(
        description="The vendor's review still to be done: the one being worked, else the one "
        "scheduled; null for a vendor that is not ACTIVE (and has none in work)."
    )
    def next_review(self, info: Info) -> ReviewRef | None:
        return node_by(info, info.context.loaders.next_review_by_vendor, self.vendor_id)

    @strawberry.field(
        description="The statuses the viewer may move the vendor to now with transitionVendor, "
        "in lifecycle order. Onboarding (PROSPECT -> ONBOARDING -> ACTIVE or REJECTED) goes "
        "through the onboarding request instead (viewerCan.fileOnboardingRequest, "
        "OnboardingRequest.viewerCan.decide)."
    )
    def available_transitions(self, info: Info) -> list[VendorStatus]:
        return service.available_moves(info.context.actor, self.status)

    @strawberry.field(description="What the viewer may do to the vendor now.")
    def viewer_can(self, info: Info) -> VendorViewerCan:
        return VendorViewerCan.of(info.context.actor, self.status)

    @classmethod
    def from_row(cls, row: models.Vendor) -> "Vendor":
        override = (
            TierOverride(
                tier=models.Tier(row.tier_override),
                justification=row.tier_override_justification or "",
                at=row.tier_override_at,
                user_id=row.tier_override_by,
            )
            if row.tier_override and row.tier_override_at
            else None
        )
        return cls(
            vendor_id=row.id,
            name=row.name,
            legal_name=row.legal_name,
            domain=row.domain,
            website=row.website,
            description=row.description,
            category=models.VendorCategory(row.category),
            services_provided=row.services_provided,
            subprocessor=row.subprocessor,
            department=row.department,
            contract_start=row.contract_start,
            contract_end=row.contract_end,
            annual_spend=row.annual_spend,
            currency=row.currency,
            tags=list(row.tags),
            status=models.VendorStatus(row.status),
            tier=models.Tier(row.tier),
            computed_tier=models.Tier(row.computed_tier),
            tier_score=row.tier_score,
            tier_reasons=[TierReason.from_json(reason) for reason in row.tier_reasons],
            tier_override=override,
            data_access_json=row.data_access,
            created_at=row.created_at,
            updated_at=row.updated_at,
            owner_id=row.business_owner_id,
        )


# How PostgreSQL writes these types (app/api/json_pages.py): on a list page, and on the
# vendor's own page (`vendor(id:)`), what its fields read of other tables.


def _member_of_user(column: str) -> json_pages.One:
    """The Member the user whose id is the row's `column` is in its tenant (member_of_user)."""
    return json_pages.tenant_rows(tenancy.Membership, "user_id", column)


json_pages.project(
    "VendorContact",
    {
        "id": json_pages.global_id("VendorContact"),
        **json_pages.columns("name", "email", "role", "phone"),
    },
)
json_pages.project(
    "FourthParty",
    {
        "id": json_pages.global_id("FourthParty"),
        **json_pages.columns("name", "service"),
        "linkedVendor": json_pages.tenant_rows(models.Vendor, "id", "linked_vendor_id"),
    },
)
json_pages.project(
    "VendorStatusChange",
    {
        **json_pages.columns("from_status", "to_status", "reason"),
        "changedAt": json_pages.instant("changed_at"),
        "changedBy": _member_of_user("changed_by"),
    },
)
json_pages.project(
    "OnboardingRequirement",
    {
        "id": json_pages.global_id("OnboardingRequirement"),
        **json_pages.columns("kind", "status", "note"),
        "resolvedAt": json_pages.instant("resolved_at"),
        "resolvedBy": _member_of_user("resolved_by"),
    },
)
json_pages.project(
    "OnboardingRequest",
    {
        "id": json_pages.global_id("OnboardingRequest"),
        **json_pages.columns(
            "purpose", "needed_by", "status", "tier_at_request", "decision_reason"
        ),
        "createdAt": json_pages.instant("created_at"),
        "decidedAt": json_pages.instant("decided_at"),
        "requestedBy": _member_of_user("requested_by"),
        "decidedBy": _member_of_user("decided_by"),
        "checklist": json_pages.Many(
            json_pages.tenant_rows(models.OnboardingRequirement, "request_id"),
            vendor_queries.requirements_order,
        ),
        "vendor": json_pages.tenant_rows(models.Vendor, "id", "vendor_id"),
        "viewerCan": json_pages.Decided(
            {"status": models.OnboardingStatus, "requested_by": json_pages.VIEWING_USER},
            lambda actor, request: OnboardingRequestViewerCan.of(
                actor, request.status, request.requested_by
            ),
        ),
    },
)
json_pages.project(
    "TierOverride",
    {
        "tier": json_pages.column("tier_override"),
        "justification": lambda vendor: func.coalesce(vendor.c.tier_override_justification, ""),
        "at": json_pages.instant("tier_override_at"),
        "by": _member_of_user("tier_override_by"),
    },
)
json_pages.project(
    "Vendor",
    {
        "id": json_pages.global_id("Vendor"),
        **json_pages.columns(
            "name",
            "legal_name",
            "domain",
            "website",
            "description",
            "category",
            "services_provided",
            "subprocessor",
            "department",
            "contract_start",
            "contract_end",
            "currency",
            "tags",
            "status",
            "tier",
            "computed_tier",
            "tier_score",
        ),
        "createdAt": json_pages.instant("created_at"),
        "updatedAt": json_pages.instant("updated_at"),
        "contactsCount": lambda v: vendor_queries.contacts_count(v.c.tenant_id, v.c.id),
        "fourthPartiesCount": lambda v: vendor_queries.fourth_parties_count(v.c.tenant_id, v.c.id),
        "businessOwner": json_pages.tenant_rows(tenancy.Membership, "id", "business_owner_id"),
        "findingCounts": json_pages.Field(
            json_pages.tenant_rows(findings.Finding, "vendor_id"), requires=Permission.FINDING_READ
        ),
        "latestSocReport": json_pages.One(
            soc2.SocReport.__table__,  # type: ignore[attr-defined]
            lambda v, reports, report: soc2_queries.latest_read_report(reports, v, report),
        ),
        "contacts": json_pages.Many(
            json_pages.tenant_rows(models.VendorContact, "vendor_id"), vendor_queries.oldest_first
        ),
        "fourthParties": json_pages.Many(
            json_pages.tenant_rows(models.FourthParty, "vendor_id"), vendor_queries.oldest_first
        ),
        "statusHistory": json_pages.Many(
            json_pages.tenant_rows(models.VendorStatusChange, "vendor_id"),
            vendor_queries.status_history_order,
        ),
        "currentOnboardingRequest": json_pages.One(
            models.OnboardingRequest.__table__,  # type: ignore[attr-defined]
            lambda v, requests, request: (
                select(request)
                .where(requests.c.tenant_id == v.c.tenant_id, requests.c.vendor_id == v.c.id)
                .order_by(*vendor_queries.onboarding_order(requests))
                .limit(1)
            ),
        ),
        "tierOverride": json_pages.Itself(
            lambda v: v.c.tier_override.is_not(None) & v.c.tier_override_at.is_not(None)
        ),
        "nextReview": json_pages.One(
            reviews.VendorReview.__table__,  # type: ignore[attr-defined]
            lambda v, reviews_, review: (
                select(review)
                .where(
                    reviews_.c.tenant_id == v.c.tenant_id,
                    reviews_.c.vendor_id == v.c.id,
                    reviews_.c.status.in_([status.value for status in reviews.OPEN_STATUSES]),
                )
                .order_by(*review_queries.next_first(reviews_))
                .limit(1)
            ),
        ),
        "offboardingChecklist": json_pages.Many(
            json_pages.tenant_rows(reviews.OffboardingItem, "vendor_id"),
            review_queries.offboarding_order,
        ),
        "availableTransitions": json_pages.Decided(
            {"status": models.VendorStatus},
            lambda actor, vendor: service.available_moves(actor, vendor.status),
        ),
        # as their resolvers, on a vendor's findings and documents only for roles that read them
        "followUps": json_pages.Field(
            json_pages.Argued(written_vendor_follow_ups), requires=Permission.FINDING_READ
        ),
        "documents": json_pages.Field(
            json_pages.Argued(written_vendor_documents), requires=Permission.DOCUMENT_READ
        ),
        "findings": json_pages.Field(
            json_pages.Argued(written_vendor_findings), requires=Permission.FINDING_READ
        ),
        "viewerCan": json_pages.Decided(
            {"status": models.VendorStatus},
            lambda actor, vendor: VendorViewerCan.of(actor, vendor.status),
        ),
    },
)
