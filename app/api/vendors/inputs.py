"""Input types of the vendors area. UNSET (omitted) means "leave as is"; null clears."""

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

from app.api.enums import (
    AccessLevel,
    ContactRole,
    Criticality,
    DataCategory,
    RequirementStatus,
    Tier,
    VendorCategory,
    VendorStatus,
)
from app.api.inputs import OrderDirection
from domain.vendors import tiering


@strawberry.input(description="What a vendor touches; decides its inherent risk tier.")
class DataAccessProfileInput:
    data_categories: list[DataCategory] = strawberry.field(
        default_factory=list, description="Data it handles; [] or [NONE] for none."
    )
    access_level: AccessLevel = strawberry.field(
        default=tiering.AccessLevel.NONE, description="Its access to our systems."
    )
    connects_to_production: bool = strawberry.field(
        default=False, description="Whether it reaches production."
    )
    business_criticality: Criticality = strawberry.field(
        default=tiering.Criticality.LOW, description="How much we rely on it."
    )
    hosting_regions: list[str] = strawberry.field(
        default_factory=list, description="Where it hosts our data, e.g. US, EU."
    )

    def to_dict(self) -> dict[str, Any]:
        return {
            "data_categories": [c.value for c in self.data_categories],
            "access_level": self.access_level.value,
            "connects_to_production": self.connects_to_production,
            "business_criticality": self.business_criticality.value,
            "hosting_regions": list(self.hosting_regions),
        }


@strawberry.input(description="A new vendor.")
class CreateVendorInput:
    name: str = strawberry.field(description="Trading name.")
    domain: str = strawberry.field(description="Primary domain or URL; normalised.")
    legal_name: str | None = strawberry.field(default=None, description="Legal name.")
    website: str | None = strawberry.field(default=None, description="Website URL.")
    description: str | None = strawberry.field(default=None, description="What it is.")
    category: VendorCategory | None = strawberry.field(default=None, description="Default OTHER.")
    services_provided: str | None = strawberry.field(default=None, description="What it does.")
    subprocessor: bool | None = strawberry.field(
        default=None,
        description="It stores, processes or reaches our customers' data: listed to them. "
        "Default false.",
    )
    business_owner_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The Member who owns the relationship."
    )
    department: str | None = strawberry.field(default=None, description="Our department.")
    contract_start: date | None = strawberry.field(default=None, description="Contract start.")
    contract_end: date | None = strawberry.field(default=None, description="Contract end.")
    annual_spend: Decimal | None = strawberry.field(default=None, description="Yearly spend.")
    currency: str | None = strawberry.field(default=None, description="ISO 4217; default USD.")
    tags: list[str] | None = strawberry.field(default=None, description="Free labels.")
    data_access: DataAccessProfileInput | None = strawberry.field(
        default=None, description="What it touches; none if omitted."
    )
    status: VendorStatus | None = strawberry.field(
        default=None,
        description="PROSPECT (default), or ACTIVE to record a vendor already in use.",
    )


@strawberry.input(description="Fields to change; omitted fields stay, null clears.")
class UpdateVendorInput:
    vendor_id: relay.GlobalID = strawberry.field(description="The vendor.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Trading name.")
    domain: str | None = strawberry.field(
        default=strawberry.UNSET, description="Primary domain or URL; normalised."
    )
    legal_name: str | None = strawberry.field(default=strawberry.UNSET, description="Legal name.")
    website: str | None = strawberry.field(default=strawberry.UNSET, description="Website URL.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="What it is.")
    category: VendorCategory | None = strawberry.field(
        default=strawberry.UNSET, description="What kind of vendor."
    )
    services_provided: str | None = strawberry.field(
        default=strawberry.UNSET, description="What it does for us."
    )
    subprocessor: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="It stores, processes or reaches our customers' data (cannot be null).",
    )
    business_owner_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The Member who owns the relationship."
    )
    department: str | None = strawberry.field(
        default=strawberry.UNSET, description="Our department."
    )
    contract_start: date | None = strawberry.field(
        default=strawberry.UNSET, description="Contract start."
    )
    contract_end: date | None = strawberry.field(
        default=strawberry.UNSET, description="Contract end."
    )
    annual_spend: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="Yearly spend."
    )
    currency: str | None = strawberry.field(default=strawberry.UNSET, description="ISO 4217 code.")
    tags: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Free labels (replaces the list)."
    )
    data_access: DataAccessProfileInput | None = strawberry.field(
        default=strawberry.UNSET, description="What it touches; recomputes the tier."
    )


@strawberry.input(description="Move a vendor along its lifecycle.")
class TransitionVendorInput:
    vendor_id: relay.GlobalID = strawberry.field(description="The vendor.")
    to: VendorStatus = strawberry.field(description="The new status.")
    reason: str = strawberry.field(description="Why; kept in the status history.")


@strawberry.input(description="Override the computed tier, or clear the override.")
class OverrideVendorTierInput:
    vendor_id: relay.GlobalID = strawberry.field(description="The vendor.")
    tier: Tier | None = strawberry.field(description="The tier to use; null clears the override.")
    justification: str | None = strawberry.field(
        default=None, description="Why; required to set an override."
    )


@strawberry.input(description="A person at a vendor.")
class AddVendorContactInput:
    vendor_id: relay.GlobalID = strawberry.field(description="The vendor.")
    name: str = strawberry.field(description="Their name.")
    email: str = strawberry.field(description="Their email.")
    role: ContactRole = strawberry.field(description="Their role for us.")
    phone: str | None = strawberry.field(default=None, description="Their phone.")


@strawberry.input(description="Fields to change; omitted ones keep their value, null clears.")
class UpdateVendorContactInput:
    contact_id: relay.GlobalID = strawberry.field(description="The contact.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="New name.")
    email: str | None = strawberry.field(default=strawberry.UNSET, description="New email.")
    role: ContactRole | None = strawberry.field(default=strawberry.UNSET, description="New role.")
    phone: str | None = strawberry.field(
        default=strawberry.UNSET, description="New phone; null (or empty) clears."
    )


@strawberry.input(description="Remove a contact.")
class RemoveVendorContactInput:
    contact_id: relay.GlobalID = strawberry.field(description="The contact.")


@strawberry.input(description="A subprocessor of a vendor.")
class AddFourthPartyInput:
    vendor_id: relay.GlobalID = strawberry.field(description="The vendor.")
    name: str = strawberry.field(description="The subprocessor's name.")
    service: str | None = strawberry.field(default=None, description="What it does for them.")
    linked_vendor_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Our record of it; found by name when omitted."
    )


@strawberry.input(description="Remove a fourth party.")
class RemoveFourthPartyInput:
    fourth_party_id: relay.GlobalID = strawberry.field(description="The fourth party.")


@strawberry.input(description="Ask to onboard a PROSPECT vendor.")
class FileOnboardingRequestInput:
    vendor_id: relay.GlobalID = strawberry.field(description="The vendor.")
    purpose: str = strawberry.field(description="Why we want it.")
    data_access: DataAccessProfileInput = strawberry.field(description="What it will touch.")
    needed_by: date | None = strawberry.field(default=None, description="When it is needed.")


@strawberry.input(description="Approve an onboarding request (not your own).")
class ApproveOnboardingRequestInput:
    request_id: relay.GlobalID = strawberry.field(description="The request.")
    note: str | None = strawberry.field(default=None, description="Anything to record.")


@strawberry.input(description="Reject an onboarding request (not your own).")
class RejectOnboardingRequestInput:
    request_id: relay.GlobalID = strawberry.field(description="The request.")
    reason: str = strawberry.field(description="Why not.")


@strawberry.input(description="Clear one checklist item of a pending onboarding request.")
class ResolveOnboardingRequirementInput:
    requirement_id: relay.GlobalID = strawberry.field(description="The checklist item.")
    status: RequirementStatus = strawberry.field(description="SATISFIED or WAIVED.")
    note: str | None = strawberry.field(default=None, description="Evidence; required to waive.")


@strawberry.enum(description="What vendors can be ordered by.")
class VendorOrderField(enum.Enum):
    NAME = "NAME"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    TIER = "TIER"
    STATUS = "STATUS"
    RELEVANCE = "RELEVANCE"
    OPEN_FINDINGS = strawberry.enum_value(
        "OPEN_FINDINGS", description="How many OPEN or IN_REMEDIATION findings it has."
    )
    LATEST_REPORT_OPINION = strawberry.enum_value(
        "LATEST_REPORT_OPINION",
        description="Its latestSocReport's opinion, UNQUALIFIED first ascending; vendors "
        "without a report (or an opinion read) after every opinion.",
    )
    LATEST_REPORT_PERIOD_END = strawberry.enum_value(
        "LATEST_REPORT_PERIOD_END",
        description="Its latestSocReport's period end (or as-of date); vendors without a "
        "report before every date ascending, after every date descending.",
    )


@strawberry.input(description="Order of the vendor list; by relevance when searching.")
class VendorOrder:
    field: VendorOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ignored for RELEVANCE (best first)."
    )


@strawberry.input(description="Narrow the vendor list; all given criteria must match.")
class VendorFilter:
    status: list[VendorStatus] | None = strawberry.field(
        default=None, description="Vendors in any of these statuses."
    )
    tier: list[Tier] | None = strawberry.field(
        default=None, description="Vendors whose tier in force is any of these."
    )
    category: list[VendorCategory] | None = strawberry.field(
        default=None, description="Vendors of any of these categories."
    )
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="A Member.")
    tag: str | None = strawberry.field(
        default=None, description="Vendors with this tag (any case)."
    )
    created_after: datetime | None = strawberry.field(
        default=None, description="Created at or after this instant."
    )
    created_before: datetime | None = strawberry.field(
        default=None, description="Created before this instant."
    )
    updated_after: datetime | None = strawberry.field(
        default=None, description="Last changed at or after this instant."
    )
    updated_before: datetime | None = strawberry.field(
        default=None, description="Last changed before this instant."
    )
    search: str | None = strawberry.field(
        default=None, description="Words matched as prefixes of name, legal name and domain."
    )
