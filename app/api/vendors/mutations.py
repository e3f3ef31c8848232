"""Mutation fields of the vendor record: create, update, lifecycle, tier override."""

from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.inputs import given
from app.api.relay import node_uuid
from app.api.vendors.errors import VendorError
from app.api.vendors.inputs import (
    CreateVendorInput,
    OverrideVendorTierInput,
    TransitionVendorInput,
    UpdateVendorInput,
)
from app.api.vendors.types import Vendor
from domain.vendors import service
from domain.vendors.models import VendorStatus


@strawberry.type(description="Result of a mutation on one vendor.")
class VendorPayload(Payload[VendorError]):
    vendor: Vendor | None = strawberry.field(default=None, description="The vendor.")


def vendor_uuid(global_id: relay.GlobalID, field: str = "vendorId") -> UUID:
    return node_uuid(global_id, "Vendor", "Vendor", field)


def _owner(global_id: relay.GlobalID | None) -> UUID | None:
    return (
        node_uuid(global_id, "Member", "Business owner", "businessOwnerId") if global_id else None
    )


def _fields(input: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The given (not UNSET) input fields, converted to what the service takes."""
    out = given(input, names)
    if "business_owner_id" in out:
        out["business_owner_id"] = _owner(input.business_owner_id)
    if out.get("data_access") is not None:
        out["data_access"] = input.data_access.to_dict()
    return out


@strawberry.type
class VendorMutation:
    @mutation(
        "Add a vendor to the inventory, a PROSPECT unless recorded as already in use "
        "(ACTIVE: not for PROCUREMENT); its tier is scored from its data-access profile "
        "(ADMIN, PROCUREMENT, REVIEWER).",
        errors={
            "INVALID": "(the field, as a path) for a value that does not fit",
            "CONFLICT": "(domain) when the tenant already has a vendor with that domain",
            "NOT_FOUND": "(businessOwnerId) for an owner who is not a member",
        },
    )
    async def create_vendor(self, info: Info, input: CreateVendorInput) -> VendorPayload:
        status = VendorStatus(input.status) if input.status else VendorStatus.PROSPECT
        fields = {k: v for k, v in _fields(input, service.EDITABLE).items() if v is not None}
        row = await service.create_vendor(info.context.session, info.context.actor, fields, status)
        return VendorPayload(vendor=Vendor.from_row(row))

    @mutation(
        "Change a vendor's fields; a new data-access profile recomputes its tier "
        "(ADMIN, PROCUREMENT, REVIEWER).",
        errors={
            "NOT_FOUND": "(vendorId, or businessOwnerId) for what is not here",
            "INVALID": "(the field, as a path) for a value that does not fit or cannot be cleared",
            "CONFLICT": "(domain) when another vendor has that domain",
        },
    )
    async def update_vendor(self, info: Info, input: UpdateVendorInput) -> VendorPayload:
        vendor_id = vendor_uuid(input.vendor_id)
        changes = service.VendorChanges.read(_fields(input, service.EDITABLE))
        row = await service.update_vendor(
            info.context.session, info.context.actor, vendor_id, changes
        )
        return VendorPayload(vendor=Vendor.from_row(row))

    @mutation(
        "Move a vendor along its lifecycle: reject a prospect, start offboarding, terminate "
        "(one of its availableTransitions); keeps who, when and why (ADMIN, PROCUREMENT, "
        "REVIEWER). Onboarding moves go through the onboarding request.",
        errors={
            "NOT_FOUND": "(vendorId) for a vendor that is not here",
            "INVALID_TRANSITION": "(to) for a move the lifecycle does not allow from here",
            "INVALID": "(reason) when there is none",
            "REQUIREMENTS_PENDING": "(to) for TERMINATED while offboarding steps are pending",
        },
    )
    async def transition_vendor(self, info: Info, input: TransitionVendorInput) -> VendorPayload:
        row = await service.transition(
            info.context.session,
            info.context.actor,
            vendor_uuid(input.vendor_id),
            VendorStatus(input.to.value),
            input.reason,
        )
        return VendorPayload(vendor=Vendor.from_row(row))

    @mutation(
        "Override the computed tier, with a justification, or clear the override "
        "(REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(vendorId) for a vendor that is not here",
            "INVALID": "(justification) when an override has none",
        },
    )
    async def override_vendor_tier(
        self, info: Info, input: OverrideVendorTierInput
    ) -> VendorPayload:
        row = await service.override_tier(
            info.context.session,
            info.context.actor,
            vendor_uuid(input.vendor_id),
            input.tier,
            input.justification,
        )
        return VendorPayload(vendor=Vendor.from_row(row))
